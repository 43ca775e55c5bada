import iconv from 'iconv-lite'
import type { CopyBinary } from '../load/copy-binary.js'
import { isUtf8 } from 'node:buffer'
import { makeDecoder } from './text-decoder.js'

/**
 * Writes the bytes [start, end) of .dbf text straight into a COPY buffer as UTF-8, without making a
 * JS string. The result is exactly the UTF-8 of what `makeDecoder(encoding)` decodes.
 */
export type Transcoder = (src: Buffer, start: number, end: number, out: CopyBinary) => void

/** Decodes one byte sequence with iconv-lite: its code unit if it is one plain BMP character, else 0. */
type DecodeOne = (bytes: number[]) => number

/**
 * Code units of the characters of a single- or double-byte code page; 0 where a sequence is not one
 * plain character. Pairs are decoded the first time they occur (a file uses a few thousand of
 * GBK's 24,000), `known` marking which have been.
 */
class CodeTables {
  readonly single = new Uint16Array(256)
  private readonly pairs = new Uint16Array(65536)
  private readonly known = new Uint8Array(65536)

  constructor(private readonly decodeOne: DecodeOne) {
    for (let b = 0x80; b < 0x100; b++) this.single[b] = decodeOne([b])
  }

  pair(lead: number, trail: number): number {
    const k = (lead << 8) | trail
    if (!this.known[k]) {
      this.pairs[k] = this.decodeOne([lead, trail])
      this.known[k] = 1
    }
    return this.pairs[k]!
  }
}

const tables = new Map<string, CodeTables | null>()

/**
 * Tables for an iconv-lite encoding in which ASCII bytes stand for themselves and every other
 * character is one byte or a lead byte plus one trail byte (GBK, Big5, Shift_JIS, Windows and ISO
 * code pages), filled by decoding each sequence with iconv-lite itself; null for other encodings
 * (their text goes through the decoder).
 */
function codeTables(encoding: string): CodeTables | null {
  if (tables.has(encoding)) return tables.get(encoding)!
  let result: CodeTables | null = null
  const ascii = Buffer.from(Array.from({ length: 128 }, (_, i) => i))
  if (iconv.encodingExists(encoding) && iconv.decode(ascii, encoding) === ascii.toString('latin1')) {
    result = new CodeTables((bytes) => {
      const s = iconv.decode(Buffer.from(bytes), encoding)
      return s.length === 1 && s !== '\ufffd' ? s.charCodeAt(0) : 0
    })
  }
  tables.set(encoding, result)
  return result
}

/** Write one BMP code unit (not a surrogate) as UTF-8; the caller reserved room. */
function utf8(out: CopyBinary, c: number): void {
  const buf = out.buf
  if (c < 0x800) {
    buf[out.pos++] = 0xc0 | (c >> 6)
    buf[out.pos++] = 0x80 | (c & 0x3f)
  } else {
    buf[out.pos++] = 0xe0 | (c >> 12)
    buf[out.pos++] = 0x80 | ((c >> 6) & 0x3f)
    buf[out.pos++] = 0x80 | (c & 0x3f)
  }
}

/** Table-driven transcoding; false (nothing written) when a sequence is not in the tables. */
function fromTables(t: CodeTables, src: Buffer, start: number, end: number, out: CopyBinary): boolean {
  const mark = out.pos
  out.reserve(3 * (end - start))
  for (let i = start; i < end; i++) {
    const b = src[i]!
    if (b < 0x80) {
      out.buf[out.pos++] = b
      continue
    }
    let c = t.single[b]!
    if (!c && i + 1 < end) c = t.pair(b, src[++i]!)
    if (!c || (c >= 0xd800 && c < 0xe000)) {
      out.pos = mark
      return false
    }
    utf8(out, c)
  }
  return true
}

/**
 * The transcoder for an encoding: tables for code pages; well-formed UTF-8 copied as it is (what
 * is not well-formed is decoded, replacement characters and all); the decoder otherwise.
 */
export function makeTranscoder(encoding: string): Transcoder {
  const decode = makeDecoder(encoding)
  const viaString: Transcoder = (src, start, end, out) => out.rawUtf8(decode(src, start, end))
  const key = encoding.toLowerCase().replace(/[^a-z0-9]/g, '')
  if (key === 'utf8') {
    return (src, start, end, out) => (isUtf8(src.subarray(start, end)) ? out.rawBytes(src, start, end) : viaString(src, start, end, out))
  }
  const t = codeTables(encoding)
  if (!t) return viaString
  return (src, start, end, out) => {
    if (!fromTables(t, src, start, end, out)) viaString(src, start, end, out)
  }
}
