import { BadRequestError } from '../errors/problem.js'
import { BinaryFile } from './binary-file.js'
import { formatDbfValue, type DbfFieldSpec } from './dbf-fields.js'
import type { ShapefileEncoding } from './export.types.js'
import { encodeText, lostCharacters, truncateToBytes } from './text-encoding.js'

/** dBase language driver ids: 0x4D declares code page 936 (GBK); UTF-8 has none, the .cpg says it. */
const LDID: Record<ShapefileEncoding, number> = { gbk: 0x4d, 'utf-8': 0x00 }
const MAX_FIELDS = 255
const MAX_RECORD_BYTES = 65535

/** Values that could not be written as they are, counted per field. */
export interface DbfIssues {
  /** Text longer than 254 bytes, cut on a character boundary. */
  truncated: Record<string, number>
  /** Text with characters the encoding lacks (written as '?'). */
  unrepresentable: Record<string, number>
}

/** A dBase III table written record by record; the record count is patched in on close. */
export class DbfWriter {
  readonly issues: DbfIssues = { truncated: {}, unrepresentable: {} }
  private count = 0
  private readonly recordBytes: number

  private constructor(
    private readonly file: BinaryFile,
    private readonly fields: DbfFieldSpec[],
    private readonly encoding: ShapefileEncoding,
  ) {
    this.recordBytes = 1 + fields.reduce((sum, f) => sum + f.width, 0)
  }

  static async create(path: string, fields: DbfFieldSpec[], encoding: ShapefileEncoding, maxBytes: number): Promise<DbfWriter> {
    checkLayout(fields)
    const writer = new DbfWriter(await BinaryFile.create(path, maxBytes), fields, encoding)
    await writer.file.append(writer.header())
    return writer
  }

  get size(): number {
    return this.file.size
  }

  async write(properties: Record<string, unknown>): Promise<void> {
    const record = Buffer.alloc(this.recordBytes, 0x20)
    let offset = 1
    for (const field of this.fields) {
      this.cell(field, properties[field.name]).copy(record, offset)
      offset += field.width
    }
    this.count++
    await this.file.append(record)
  }

  async close(): Promise<void> {
    await this.file.append(Buffer.from([0x1a]))
    const count = Buffer.alloc(4)
    count.writeUInt32LE(this.count)
    await this.file.patch(4, count)
    await this.file.close()
  }

  async discard(): Promise<void> {
    await this.file.discard()
  }

  private header(): Buffer {
    const head = Buffer.alloc(32 + 32 * this.fields.length + 1)
    const today = new Date()
    head.writeUInt8(0x03, 0)
    head.writeUInt8(today.getUTCFullYear() - 1900, 1)
    head.writeUInt8(today.getUTCMonth() + 1, 2)
    head.writeUInt8(today.getUTCDate(), 3)
    head.writeUInt16LE(head.length, 8)
    head.writeUInt16LE(this.recordBytes, 10)
    head.writeUInt8(LDID[this.encoding], 29)
    this.fields.forEach((field, i) => this.descriptor(field).copy(head, 32 + 32 * i))
    head.writeUInt8(0x0d, head.length - 1)
    return head
  }

  private descriptor(field: DbfFieldSpec): Buffer {
    const d = Buffer.alloc(32)
    encodeText(field.dbfName, this.encoding).copy(d, 0, 0, 10)
    d.write(field.type, 11, 'ascii')
    d.writeUInt8(field.width, 16)
    d.writeUInt8(field.decimals, 17)
    return d
  }

  /** The bytes of one value, exactly `width` long: text left-aligned, numbers right-aligned. */
  private cell(field: DbfFieldSpec, value: unknown): Buffer {
    const cell = Buffer.alloc(field.width, 0x20)
    const text = formatDbfValue(field, value)
    if (text === null) {
      // No value: blanks, except D, where readers (GDAL, shapelib) take 00000000 as null but blanks as unset.
      // L gets a blank too, since GDAL reads the dBase '?' back as the text "?".
      if (field.type === 'D') cell.write('00000000', 0, 'ascii')
      return cell
    }
    if (field.type !== 'C') {
      cell.write(text, field.type === 'N' ? field.width - text.length : 0, 'ascii')
      return cell
    }
    this.encodedText(field, text).copy(cell, 0)
    return cell
  }

  private encodedText(field: DbfFieldSpec, text: string): Buffer {
    let bytes = encodeText(text, this.encoding)
    if (lostCharacters(text, bytes)) bump(this.issues.unrepresentable, field.name)
    if (bytes.length <= field.width) return bytes
    bump(this.issues.truncated, field.name)
    bytes = encodeText(truncateToBytes(text, field.width, this.encoding), this.encoding)
    return bytes
  }
}

function bump(counts: Record<string, number>, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1
}

function checkLayout(fields: DbfFieldSpec[]): void {
  if (fields.length > MAX_FIELDS) {
    throw new BadRequestError(`A shapefile holds at most ${MAX_FIELDS} attributes; this export has ${fields.length}. Choose the columns with properties=NAME1,NAME2,…`)
  }
  const recordBytes = 1 + fields.reduce((sum, f) => sum + f.width, 0)
  if (recordBytes > MAX_RECORD_BYTES) {
    throw new BadRequestError(`The attributes need ${recordBytes} bytes per DBF record, more than the ${MAX_RECORD_BYTES} a shapefile allows. Choose fewer columns with properties=NAME1,NAME2,…`)
  }
}
