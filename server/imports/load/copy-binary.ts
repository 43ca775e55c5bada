import type { AttributeDef } from '../../catalog/catalog.types.js'
import { flatEwkbSize, writeFlatEwkb } from '../geometry/ewkb.js'
import type { FlatGeometry } from '../geometry/flat.js'
import { columnValue } from './rows.js'

const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1')
const TWO_32 = 2 ** 32
const DAY_MS = 86_400_000
const EPOCH_2000 = Date.UTC(2000, 0, 1)

/** Days from 2000-01-01 (Postgres's date epoch) of a valid 'YYYY-MM-DD', or null when it is not a real date. */
function postgresDay(text: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text)
  if (!m) return null
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  const date = new Date(0)
  date.setUTCFullYear(y, mo - 1, d)
  if (y === 0 || date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null
  return (date.getTime() - EPOCH_2000) / DAY_MS
}

/**
 * Rows in PostgreSQL's binary COPY format, written into one growing buffer: one batch of the COPY
 * load. Geometry goes as EWKB (geometry_recv), text as UTF-8, numbers in network byte order: no
 * hex or escaping on either side. A value this format cannot carry with exactly the meaning
 * Postgres would give its text (`value` returns false) makes the caller drop the row and let
 * the INSERT path store it.
 */
export class CopyBinary {
  buf: Buffer
  view: DataView
  pos = 0
  rows = 0
  private rowStart = 0
  private fieldStart = 0

  constructor(size: number) {
    this.buf = Buffer.allocUnsafe(Math.max(64, size))
    this.view = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.length)
    SIGNATURE.copy(this.buf, 0)
    this.view.setInt32(11, 0)
    this.view.setInt32(15, 0)
    this.pos = 19
  }

  /** Make room for `n` more bytes. */
  reserve(n: number): void {
    if (this.pos + n <= this.buf.length) return
    const next = Buffer.allocUnsafe(Math.max(2 * this.buf.length, this.pos + n))
    this.buf.copy(next, 0, 0, this.pos)
    this.buf = next
    this.view = new DataView(next.buffer, next.byteOffset, next.length)
  }

  beginRow(columns: number): void {
    this.rowStart = this.pos
    this.reserve(2)
    this.view.setInt16(this.pos, columns)
    this.pos += 2
  }

  /** Forget the row begun last. */
  dropRow(): void {
    this.pos = this.rowStart
  }

  endRow(): void {
    this.rows++
  }

  null(): void {
    this.reserve(4)
    this.view.setInt32(this.pos, -1)
    this.pos += 4
  }

  /** Start a field whose bytes the caller writes (after reserving room), then `endField`. */
  beginField(): void {
    this.reserve(4)
    this.fieldStart = this.pos
    this.pos += 4
  }

  endField(): void {
    this.view.setInt32(this.fieldStart, this.pos - this.fieldStart - 4)
  }

  /** Bytes as they are (no framing). */
  rawBytes(src: Buffer, start: number, end: number): void {
    this.reserve(end - start)
    this.pos += src.copy(this.buf, this.pos, start, end)
  }

  /** A string as UTF-8 (no framing). */
  rawUtf8(s: string): void {
    this.reserve(3 * s.length)
    this.pos += this.buf.write(s, this.pos, 'utf8')
  }

  int4(n: number): void {
    this.reserve(8)
    this.view.setInt32(this.pos, 4)
    this.view.setInt32(this.pos + 4, n)
    this.pos += 8
  }

  /** A safe integer as int8. */
  int8(n: number): void {
    this.reserve(12)
    const hi = Math.floor(n / TWO_32)
    this.view.setInt32(this.pos, 8)
    this.view.setInt32(this.pos + 4, hi)
    this.view.setUint32(this.pos + 8, n - hi * TWO_32)
    this.pos += 12
  }

  bigint(n: bigint): void {
    this.reserve(12)
    this.view.setInt32(this.pos, 8)
    this.view.setBigInt64(this.pos + 4, n)
    this.pos += 12
  }

  float8(n: number): void {
    this.reserve(12)
    this.view.setInt32(this.pos, 8)
    this.view.setFloat64(this.pos + 4, n)
    this.pos += 12
  }

  bool(b: boolean): void {
    this.reserve(5)
    this.view.setInt32(this.pos, 1)
    this.buf[this.pos + 4] = b ? 1 : 0
    this.pos += 5
  }

  text(s: string): void {
    this.beginField()
    this.rawUtf8(s)
    this.endField()
  }

  /** A geometry column: the EWKB of `g` with coordinates `xy`. */
  ewkb(g: FlatGeometry, xy: Float64Array, srid: number): void {
    this.beginField()
    this.reserve(flatEwkbSize(g))
    this.pos = writeFlatEwkb(g, xy, srid, this.view, this.pos)
    this.endField()
  }

  /**
   * A JS value as the column's type expects it (see columnValue); false (nothing written) when
   * binary cannot say exactly what Postgres would parse from its text: a string into a numeric,
   * boolean or date column that is not already a plain value, an integer out of range, a decimal
   * or timestamp column.
   */
  value(v: unknown, type: AttributeDef['type']): boolean {
    const c = columnValue(v, type)
    if (c === null) {
      this.null()
      return true
    }
    switch (type) {
      case 'text':
        this.text(String(c))
        return true
      case 'integer':
        if (typeof c !== 'number' || !Number.isInteger(c) || c < -2147483648 || c > 2147483647) return false
        this.int4(c)
        return true
      case 'bigint': return this.bigintValue(c)
      case 'number':
        if (typeof c !== 'number') return false
        // As text, -0 went as "0".
        this.float8(c === 0 ? 0 : c)
        return true
      case 'boolean':
        if (typeof c !== 'boolean') return false
        this.bool(c)
        return true
      case 'date': {
        const day = typeof c === 'string' ? postgresDay(c) : null
        if (day === null) return false
        this.int4(day)
        return true
      }
      default: return false
    }
  }

  private bigintValue(c: unknown): boolean {
    if (typeof c === 'number' && Number.isSafeInteger(c)) this.int8(c)
    else if (typeof c === 'string' && /^-?\d{1,19}$/.test(c) && BigInt.asIntN(64, BigInt(c)) === BigInt(c)) this.bigint(BigInt(c))
    else return false
    return true
  }

  /** The batch with the format's trailer, ready to send. */
  finish(): Buffer {
    this.reserve(2)
    this.view.setInt16(this.pos, -1)
    return this.buf.subarray(0, this.pos + 2)
  }
}
