import iconv from 'iconv-lite'

/** Turns raw bytes into text in one encoding. */
export type BytesDecoder = (bytes: Buffer) => string

function isAscii(bytes: Buffer): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i]! > 0x7f) return false
  return true
}

/** A decoder for an iconv-lite encoding name, with fast paths for ASCII, UTF-8 and Latin-1. */
export function makeDecoder(encoding: string): BytesDecoder {
  const key = encoding.toLowerCase().replace(/[^a-z0-9]/g, '')
  if (key === 'utf8') return (b) => b.toString('utf8')
  if (key === 'latin1' || key === 'iso88591') return (b) => b.toString('latin1')
  return (b) => (isAscii(b) ? b.toString('latin1') : iconv.decode(b, encoding))
}

/** True when the bytes are well-formed UTF-8 (no invalid or truncated sequences). */
export function isValidUtf8(bytes: Buffer): boolean {
  let i = 0
  while (i < bytes.length) {
    const b = bytes[i]!
    const n = b < 0x80 ? 0 : b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1
    if (n < 0 || i + n >= bytes.length + (n === 0 ? 1 : 0)) return false
    for (let k = 1; k <= n; k++) if ((bytes[i + k]! & 0xc0) !== 0x80) return false
    i += n + 1
  }
  return true
}
