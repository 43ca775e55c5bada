import type { AttributeDef } from '../../catalog/catalog.types.js'
import type { CopyBinary } from '../load/copy-binary.js'
import { dbfAttributeType, readValue, valueEnd, valueStart, type DbfField } from './dbf-reader.js'
import type { BytesDecoder } from './text-decoder.js'
import { makeTranscoder, type Transcoder } from './transcode.js'

/**
 * Writes one column of the record starting at `at` in `rec` into a binary COPY row; false (nothing
 * written) when the value cannot go exactly in binary and the row must take the INSERT path.
 */
export type ColumnWriter = (rec: Buffer, at: number, out: CopyBinary) => boolean

const writeNull: ColumnWriter = (_rec, _at, out) => {
  out.null()
  return true
}

const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k)

/**
 * The number of plain decimal text `-?digits(.digits)?` with at most 15 significant digits, as
 * Number() reads it (an exact integer divided by an exact power of ten is correctly rounded, as
 * strtod is), or NaN for any other text. A negative zero is NaN too (readValue makes it 0).
 */
function plainNumber(rec: Buffer, start: number, end: number, fraction: boolean): number {
  let i = start, mantissa = 0, digits = 0, scale = -1
  const negative = rec[i] === 0x2d
  if (negative) i++
  for (; i < end; i++) {
    const b = rec[i]!
    if (b >= 0x30 && b <= 0x39) {
      mantissa = mantissa * 10 + (b - 0x30)
      if (mantissa > 0) digits++
      if (scale >= 0) scale++
    } else if (b === 0x2e && fraction && scale < 0 && i > start + (negative ? 1 : 0) && i + 1 < end) scale = 0
    else return NaN
  }
  if (digits > 15 || i === start + (negative ? 1 : 0) || (negative && mantissa === 0)) return NaN
  const value = scale > 0 ? mantissa / POW10[scale]! : mantissa
  return negative ? -value : value
}

/** The general path: the value as readValue reads it, written as the column expects it. */
function viaValue(f: DbfField, target: AttributeDef['type'], decode: BytesDecoder): ColumnWriter {
  const natural = dbfAttributeType(f)
  return (rec, at, out) => out.value(readValue(rec.subarray(at, at + f.offset + f.length), f, natural, decode), target)
}

function textWriter(f: DbfField, transcode: Transcoder): ColumnWriter {
  return (rec, at, out) => {
    const end = valueEnd(rec, at + f.offset, at + f.offset + f.length)
    const start = valueStart(rec, at + f.offset, end)
    if (start === end) out.null()
    else {
      out.beginField()
      transcode(rec, start, end, out)
      out.endField()
    }
    return true
  }
}

/** A numeric field into an integer or float8 column: plain numbers parsed here, the rest through readValue. */
function numberWriter(f: DbfField, target: 'integer' | 'bigint' | 'number', slow: ColumnWriter): ColumnWriter {
  const fraction = target === 'number'
  return (rec, at, out) => {
    const end = valueEnd(rec, at + f.offset, at + f.offset + f.length)
    const start = valueStart(rec, at + f.offset, end)
    if (start === end) {
      out.null()
      return true
    }
    const n = plainNumber(rec, start, end, fraction)
    if (Number.isNaN(n) || (target === 'integer' && (n < -2147483648 || n > 2147483647))) return slow(rec, at, out)
    if (target === 'integer') out.int4(n)
    else if (target === 'bigint') out.int8(n)
    else out.float8(n)
    return true
  }
}

/**
 * For each target column, a writer that turns the .dbf bytes into binary COPY directly, giving
 * Postgres the same values as `readValue` + `columnValue` + the column's input function: text is
 * transcoded to UTF-8 without JS strings, plain numbers are parsed from the bytes; everything else
 * goes through the general path.
 */
export function dbfColumnWriters(fields: DbfField[], positions: number[], attributes: AttributeDef[], encoding: string, decode: BytesDecoder): ColumnWriter[] {
  const transcode = makeTranscoder(encoding)
  return attributes.map((a, i) => {
    const f = fields[positions[i]!]
    if (!f) return writeNull
    const slow = viaValue(f, a.type, decode)
    if (f.type === 'C' && a.type === 'text') return textWriter(f, transcode)
    if (f.type !== 'N' && f.type !== 'F') return slow
    // Into integer columns only from integer fields: readValue rounds a long 'number' field through a double.
    const integral = dbfAttributeType(f) === 'integer' || dbfAttributeType(f) === 'bigint'
    if (a.type === 'number' || ((a.type === 'integer' || a.type === 'bigint') && integral)) return numberWriter(f, a.type, slow)
    return slow
  })
}
