import iconv from 'iconv-lite'

/** Turns the bytes [start, end) of a buffer (all of it by default) into text in one encoding. */
export type BytesDecoder = (bytes: Buffer, start?: number, end?: number) => string

function isAscii(bytes: Buffer, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (bytes[i]! > 0x7f) return false
  return true
}

/** A decoder for an iconv-lite encoding name, with fast paths for ASCII, UTF-8 and Latin-1 (no copies). */
export function makeDecoder(encoding: string): BytesDecoder {
  const key = encoding.toLowerCase().replace(/[^a-z0-9]/g, '')
  if (key === 'utf8') return (b, s = 0, e = b.length) => b.toString('utf8', s, e)
  if (key === 'latin1' || key === 'iso88591') return (b, s = 0, e = b.length) => b.toString('latin1', s, e)
  return (b, s = 0, e = b.length) => (isAscii(b, s, e) ? b.toString('latin1', s, e) : iconv.decode(b.subarray(s, e), encoding))
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
