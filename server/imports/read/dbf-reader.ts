import { basename } from 'node:path'
import type { AttributeType } from '../../catalog/catalog.types.js'
import { ImportInputError } from '../import-errors.js'
import { FileBytes } from './file-bytes.js'
import type { BytesDecoder } from './text-decoder.js'

/** A field descriptor of a dBASE file, with its name still as raw bytes (decoded once the encoding is known). */
export interface DbfField {
  nameBytes: Buffer
  type: string
  length: number
  decimals: number
  offset: number
}

export interface DbfHeader {
  version: number
  count: number
  headerLength: number
  recordLength: number
  /** Language driver id (byte 29): 0x4D means code page 936 (GBK). */
  ldid: number
  fields: DbfField[]
}

/** The column type a dBASE field becomes, mirroring GDAL's Shapefile driver. */
export function dbfAttributeType(field: Pick<DbfField, 'type' | 'length' | 'decimals'>): AttributeType {
  switch (field.type) {
    case 'C': return 'text'
    case 'L': return 'boolean'
    case 'D': return 'date'
    case 'I': return 'integer'
    case 'F': return 'number'
    case 'N':
      if (field.decimals > 0) return 'number'
      return field.length < 10 ? 'integer' : field.length < 19 ? 'bigint' : 'number'
    default: return 'text'
  }
}

function parseFields(h: Buffer, headerLength: number): DbfField[] {
  const fields: DbfField[] = []
  let offset = 1
  for (let at = 32; at + 32 <= headerLength && h[at] !== 0x0d; at += 32) {
    let end = at
    while (end < at + 11 && h[end] !== 0) end++
    const field = { nameBytes: Buffer.from(h.subarray(at, end)), type: String.fromCharCode(h[at + 11]!), length: h[at + 16]!, decimals: h[at + 17]!, offset }
    offset += field.length
    fields.push(field)
  }
  return fields
}

/** Streams the records of a .dbf with bounded memory; values are decoded with the chosen encoding. */
export class DbfReader {
  readonly notes: string[] = []

  private constructor(private readonly bytes: FileBytes, readonly header: DbfHeader, private readonly name: string) {}

  static async open(path: string): Promise<DbfReader> {
    const bytes = await FileBytes.open(path)
    const name = basename(path)
    try {
      const header = await DbfReader.readHeader(bytes, name)
      const reader = new DbfReader(bytes, header, name)
      reader.checkExtent()
      return reader
    } catch (error) {
      await bytes.close()
      throw error
    }
  }

  private static async readHeader(bytes: FileBytes, name: string): Promise<DbfHeader> {
    const head = await bytes.read(0, 32)
    if (head.length < 32) throw new ImportInputError(`${name} is ${bytes.size} bytes long, shorter than a dBASE header: the file is truncated or not a .dbf.`)
    const headerLength = head.readUInt16LE(8), recordLength = head.readUInt16LE(10)
    const version = head[0]!, count = head.readUInt32LE(4), ldid = head[29]!
    if (headerLength < 33 || headerLength > bytes.size) throw new ImportInputError(`${name} is damaged or truncated: its header length (${headerLength} bytes) does not fit the file (${bytes.size} bytes).`)
    const fields = parseFields(Buffer.from(await bytes.read(0, headerLength)), headerLength)
    const used = fields.reduce((sum, f) => sum + f.length, 1)
    if (used > recordLength) throw new ImportInputError(`${name} is damaged: its fields need ${used} bytes per record but records are ${recordLength} bytes long.`)
    return { version, count, headerLength, recordLength, ldid, fields }
  }

  private checkExtent(): void {
    const { count, headerLength, recordLength } = this.header
    const available = recordLength > 0 ? Math.floor((this.bytes.size - headerLength) / recordLength) : 0
    if (available < count) throw new ImportInputError(`${this.name} is truncated: its header announces ${count} records but the file holds only ${available}. Copy the file again.`)
    const extra = this.bytes.size - headerLength - count * recordLength
    if (extra > 1) this.notes.push(`${this.name} has ${extra} bytes after its ${count} records; they were ignored.`)
  }

  /**
   * Raw bytes of text values holding non-ASCII characters, for encoding detection: runs of
   * consecutive records (64 KiB each) at `blocks` places spread evenly over the file, so late
   * Chinese text is seen too at the cost of a few large reads, until `maxBytes` are collected.
   */
  async sampleText(maxBytes: number, blocks = 32): Promise<Buffer> {
    const { count, headerLength, recordLength, fields } = this.header
    const text = fields.filter((f) => f.type === 'C')
    const perBlock = Math.max(1, Math.floor(65536 / Math.max(1, recordLength)))
    const starts = new Set(Array.from({ length: blocks }, (_, b) => Math.floor((b * count) / blocks)))
    // Room for the last record's text too: sampling stops only at record boundaries.
    const out = Buffer.alloc(maxBytes + recordLength + text.length)
    let total = 0
    for (const first of starts) {
      const n = Math.min(perBlock, count - first)
      const block = await this.bytes.read(headerLength + first * recordLength, n * recordLength)
      for (let r = 0; r < n && total < maxBytes; r++) {
        for (const f of text) {
          const at = r * recordLength + f.offset
          const end = valueEnd(block, at, at + f.length), start = valueStart(block, at, end)
          if (!hasHighByte(block, start, end)) continue
          total += block.copy(out, total, start, end)
          out[total++] = 0x20
        }
      }
      if (total >= maxBytes) break
    }
    return out.subarray(0, total)
  }

  /** Every record as an array of values parallel to `header.fields`; `null` marks a deleted record. */
  async *records(decode: BytesDecoder, types: AttributeType[]): AsyncGenerator<unknown[] | null> {
    const { count, headerLength, recordLength } = this.header
    for (let i = 0; i < count; i++) {
      const rec = await this.bytes.read(headerLength + i * recordLength, recordLength)
      if (rec[0] === 0x2a) {
        yield null
        continue
      }
      yield this.values(rec, decode, types)
    }
  }

  /** The values of one (not deleted) record, parallel to `header.fields`. */
  values(rec: Buffer, decode: BytesDecoder, types: AttributeType[]): unknown[] {
    return this.header.fields.map((f, k) => readValue(rec, f, types[k]!, decode))
  }

  /**
   * Where record i (0-based) starts in `buffer`, or -1 until `loadRecord(i)` has been awaited; a
   * deleted record starts with 0x2A. For loops that read fields straight from the bytes.
   */
  recordSpan(i: number): number {
    return this.bytes.span(this.header.headerLength + i * this.header.recordLength, this.header.recordLength)
  }

  async loadRecord(i: number): Promise<void> {
    await this.bytes.load(this.header.headerLength + i * this.header.recordLength, this.header.recordLength)
  }

  get buffer(): Buffer {
    return this.bytes.buffer
  }

  async close(): Promise<void> {
    await this.bytes.close()
  }
}

const FOUR_SPACES = 0x20202020
let wordBytes: Buffer | null = null
let words: Int32Array | null = null

/** An Int32Array over the same bytes when they start 4-byte aligned (the reader's buffers do); cached for the last buffer. */
function wordsOf(bytes: Buffer): Int32Array | null {
  if (bytes !== wordBytes) {
    wordBytes = bytes
    words = bytes.byteOffset % 4 === 0 ? new Int32Array(bytes.buffer, bytes.byteOffset, bytes.length >> 2) : null
  }
  return words
}

function hasHighByte(bytes: Buffer, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (bytes[i]! > 0x7f) return true
  return false
}

/** End of a field's value: a NUL ends it, then trailing spaces are trimmed (as GDAL reads it, TRIM_DBF_WHITESPACE). */
export function valueEnd(bytes: Buffer, from: number, to: number): number {
  // The padding is scanned once from the end, four bytes at a time where aligned; only the value
  // before it is searched for a NUL.
  let end = to
  const words = wordsOf(bytes)
  if (words) {
    while (end > from && (end & 3) !== 0 && bytes[end - 1] === 0x20) end--
    if ((end & 3) === 0) while (end - 4 >= from && words[(end >> 2) - 1] === FOUR_SPACES) end -= 4
  }
  while (end > from && bytes[end - 1] === 0x20) end--
  for (let i = from; i < end; i++) {
    if (bytes[i] !== 0) continue
    end = i
    while (end > from && bytes[end - 1] === 0x20) end--
    break
  }
  return end
}

/** Start of a field's value (leading spaces trimmed) that ends at `end`. */
export function valueStart(bytes: Buffer, from: number, end: number): number {
  let start = from
  while (start < end && bytes[start] === 0x20) start++
  return start
}

/** Bounds of a field's value with spaces trimmed at both ends and a NUL ending it, as GDAL reads it (TRIM_DBF_WHITESPACE). */
export function trimmed(bytes: Buffer, from: number, to: number): [number, number] {
  const end = valueEnd(bytes, from, to)
  return [valueStart(bytes, from, end), end]
}


/** One value: blank numbers, dates and text are null (as GDAL reads them). */
export function readValue(rec: Buffer, f: DbfField, type: AttributeType, decode: BytesDecoder): unknown {
  if (f.type === 'I') return f.length === 4 ? rec.readInt32LE(f.offset) : null
  const [start, end] = trimmed(rec, f.offset, f.offset + f.length)
  if (start === end) return null
  switch (f.type) {
    case 'N':
    case 'F':
      return readNumber(rec.toString('latin1', start, end), type)
    case 'L':
      return readLogical(rec.toString('latin1', start, end))
    case 'D':
      return readDate(rec.toString('latin1', start, end))
    default:
      return decode(rec, start, end)
  }
}

function readNumber(text: string, type: AttributeType): number | string | null {
  if (text === '' || /^\*+$/.test(text)) return null
  const value = Number(text)
  if (!Number.isFinite(value)) return null
  // Keep the digits of 64-bit integers beyond 2^53 exactly: Postgres parses the text.
  if (type === 'bigint' && !Number.isSafeInteger(value)) return /^[-+]?\d+$/.test(text) ? text : null
  return value
}

function readLogical(text: string): boolean | null {
  if (/^[TtYy]$/.test(text)) return true
  if (/^[FfNn]$/.test(text)) return false
  return null
}

function readDate(text: string): string | null {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(text)
  if (!m) return null
  const [, y, mo, d] = m
  if (Number(mo) < 1 || Number(mo) > 12 || Number(d) < 1 || Number(d) > 31 || y === '0000') return null
  return `${y}-${mo}-${d}`
}
