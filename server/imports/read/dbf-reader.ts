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

  /** Raw bytes of the first records' text fields (at most `maxBytes`), for encoding detection. */
  async sampleText(maxBytes: number): Promise<Buffer> {
    const text = this.header.fields.filter((f) => f.type === 'C')
    const parts: Buffer[] = []
    let total = 0
    for (let i = 0; i < this.header.count && total < maxBytes; i++) {
      const rec = await this.bytes.read(this.header.headerLength + i * this.header.recordLength, this.header.recordLength)
      for (const f of text) {
        const value = trim(rec.subarray(f.offset, f.offset + f.length))
        if (value.some((b) => b > 0x7f)) {
          parts.push(Buffer.from(value), Buffer.from(' '))
          total += value.length + 1
        }
      }
    }
    return Buffer.concat(parts)
  }

  /** Every record as an array of values parallel to `header.fields`; `null` marks a deleted record. */
  async *records(decode: BytesDecoder, types: AttributeType[]): AsyncGenerator<unknown[] | null> {
    const { count, headerLength, recordLength, fields } = this.header
    for (let i = 0; i < count; i++) {
      const rec = await this.bytes.read(headerLength + i * recordLength, recordLength)
      if (rec[0] === 0x2a) {
        yield null
        continue
      }
      yield fields.map((f, k) => readValue(rec.subarray(f.offset, f.offset + f.length), f.type, types[k]!, decode))
    }
  }

  async close(): Promise<void> {
    await this.bytes.close()
  }
}

/** Trim spaces at both ends and stop at a NUL, as GDAL's DBF reader does (TRIM_DBF_WHITESPACE). */
function trim(bytes: Buffer): Buffer {
  let end = bytes.length
  const nul = bytes.indexOf(0)
  if (nul >= 0) end = nul
  while (end > 0 && bytes[end - 1] === 0x20) end--
  let start = 0
  while (start < end && bytes[start] === 0x20) start++
  return bytes.subarray(start, end)
}

/** One value: blank numbers, dates and text are null (as GDAL reads them). */
function readValue(raw: Buffer, dbfType: string, type: AttributeType, decode: BytesDecoder): unknown {
  if (dbfType === 'I') return raw.length === 4 ? raw.readInt32LE(0) : null
  const bytes = trim(raw)
  if (bytes.length === 0) return null
  switch (dbfType) {
    case 'N':
    case 'F':
      return readNumber(bytes.toString('latin1').trim(), type)
    case 'L':
      return readLogical(bytes.toString('latin1').trim())
    case 'D':
      return readDate(bytes.toString('latin1').trim())
    default:
      return decode(bytes)
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
