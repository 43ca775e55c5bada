import type { AttributeDef } from '../../catalog/catalog.types.js'
import { columnValue } from './rows.js'

const BACKSLASH = 0x5c
/** For each ASCII byte, the letter COPY escapes it with after a backslash (0: written as it is). */
export const COPY_ESCAPES = new Uint8Array(128)
COPY_ESCAPES[0x5c] = 0x5c
COPY_ESCAPES[0x0a] = 0x6e
COPY_ESCAPES[0x0d] = 0x72
COPY_ESCAPES[0x09] = 0x74
const HEX_DIGITS = Buffer.from('0123456789abcdef', 'latin1')
const NEEDS_ESCAPE = /[\\\n\r\t]/
const ESCAPE_ALL = /[\\\n\r\t]/g
const ESCAPED: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' }

/**
 * Rows in PostgreSQL's COPY text format (tab-separated, `\N` for NULL, backslash escapes), written
 * into one growing buffer: one batch of the COPY load. Values are written as the text Postgres
 * parses with the column type's input function, exactly as it parses the parameters of an INSERT.
 */
export class CopyText {
  buf: Buffer
  pos = 0
  rows = 0

  constructor(size: number) {
    this.buf = Buffer.allocUnsafe(size)
  }

  /** Make room for `n` more bytes. */
  reserve(n: number): void {
    if (this.pos + n <= this.buf.length) return
    const next = Buffer.allocUnsafe(Math.max(2 * this.buf.length, this.pos + n))
    this.buf.copy(next, 0, 0, this.pos)
    this.buf = next
  }

  byte(b: number): void {
    this.reserve(1)
    this.buf[this.pos++] = b
  }

  tab(): void {
    this.byte(0x09)
  }

  endRow(): void {
    this.byte(0x0a)
    this.rows++
  }

  null(): void {
    this.reserve(2)
    this.buf[this.pos++] = BACKSLASH
    this.buf[this.pos++] = 0x4e
  }

  /** Text known to be ASCII without characters COPY escapes (numbers, hex). */
  ascii(s: string): void {
    this.reserve(s.length)
    this.pos += this.buf.write(s, this.pos, 'latin1')
  }

  /** Bytes of `src` copied as they are: ASCII digits, or UTF-8 checked by the caller; escapes applied. */
  bytes(src: Buffer, start: number, end: number): void {
    this.reserve(2 * (end - start))
    const buf = this.buf
    let pos = this.pos
    for (let i = start; i < end; i++) {
      const b = src[i]!
      const e = b < 0x80 ? COPY_ESCAPES[b]! : 0
      if (e !== 0) {
        buf[pos++] = BACKSLASH
        buf[pos++] = e
      } else buf[pos++] = b
    }
    this.pos = pos
  }

  /** Any text, escaped and encoded as UTF-8. */
  text(s: string): void {
    const escaped = NEEDS_ESCAPE.test(s) ? s.replace(ESCAPE_ALL, (c) => ESCAPED[c]!) : s
    this.reserve(3 * escaped.length)
    this.pos += this.buf.write(escaped, this.pos, 'utf8')
  }

  /** Bytes written as lower-case hex (EWKB for a geometry column). */
  hex(bytes: Uint8Array): void {
    this.reserve(2 * bytes.length)
    const buf = this.buf
    let pos = this.pos
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i]!
      buf[pos++] = HEX_DIGITS[b >> 4]!
      buf[pos++] = HEX_DIGITS[b & 15]!
    }
    this.pos = pos
  }

  /** A JS value as the column's type expects it (see columnValue), as node-postgres would send it. */
  value(v: unknown, type: AttributeDef['type']): void {
    const c = columnValue(v, type)
    if (c === null) this.null()
    else if (typeof c === 'string') this.text(c)
    else if (typeof c === 'number') this.ascii(String(c))
    else if (typeof c === 'boolean') this.ascii(c ? 'true' : 'false')
    else this.text(String(c))
  }

  /** The rows written so far, as a view. */
  view(): Buffer {
    return this.buf.subarray(0, this.pos)
  }
}
