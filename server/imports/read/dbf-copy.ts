import type { AttributeDef } from '../../catalog/catalog.types.js'
import type { CopyText } from '../load/copy-text.js'
import { dbfAttributeType, readValue, valueEnd, valueStart, type DbfField } from './dbf-reader.js'
import type { BytesDecoder } from './text-decoder.js'
import { makeTranscoder, type Transcoder } from './transcode.js'

/** Writes one column of the record starting at `at` in `rec` into a COPY row. */
export type ColumnWriter = (rec: Buffer, at: number, out: CopyText) => void

const writeNull: ColumnWriter = (_rec, _at, out) => out.null()

const isDigit = (b: number) => b >= 0x30 && b <= 0x39

/**
 * Whether the trimmed bytes are `-?digits(.digits)?` (the decimals only when `fraction`) and not a
 * negative zero: such text means the same number to Postgres as to readValue, so it can be copied.
 */
function plainNumber(rec: Buffer, start: number, end: number, fraction: boolean): boolean {
  let i = start, nonZero = false, dot = false, digits = 0
  if (rec[i] === 0x2d) i++
  for (; i < end; i++) {
    const b = rec[i]!
    if (isDigit(b)) {
      digits++
      nonZero ||= b !== 0x30
    } else if (b === 0x2e && fraction && !dot && digits > 0 && i + 1 < end) dot = true
    else return false
  }
  return digits > 0 && (nonZero || rec[start] !== 0x2d)
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
    else transcode(rec, start, end, out)
  }
}

function numberWriter(f: DbfField, fraction: boolean, slow: ColumnWriter): ColumnWriter {
  return (rec, at, out) => {
    const end = valueEnd(rec, at + f.offset, at + f.offset + f.length)
    const start = valueStart(rec, at + f.offset, end)
    if (start === end) out.null()
    else if (plainNumber(rec, start, end, fraction)) out.bytes(rec, start, end)
    else slow(rec, at, out)
  }
}

/**
 * For each target column, a writer that turns the .dbf bytes into COPY text directly, giving the
 * same values Postgres would receive from `readValue` + `columnValue`: text is transcoded to UTF-8
 * without JS strings, plain integers and decimals are copied as they are (Postgres parses them to
 * the same integer or float8 as the JS number would give); everything else goes through the
 * general path.
 */
export function dbfColumnWriters(fields: DbfField[], positions: number[], attributes: AttributeDef[], encoding: string, decode: BytesDecoder): ColumnWriter[] {
  const transcode = makeTranscoder(encoding)
  return attributes.map((a, i) => {
    const f = fields[positions[i]!]
    if (!f) return writeNull
    const slow = viaValue(f, a.type, decode)
    if (f.type === 'C' && a.type === 'text') return textWriter(f, transcode)
    // Into integer columns only from integer fields: readValue rounds a long 'number' field through a double.
    const integral = dbfAttributeType(f) === 'integer' || dbfAttributeType(f) === 'bigint'
    if ((f.type === 'N' || f.type === 'F') && integral && (a.type === 'integer' || a.type === 'bigint')) return numberWriter(f, false, slow)
    if ((f.type === 'N' || f.type === 'F') && a.type === 'number') return numberWriter(f, true, slow)
    return slow
  })
}
