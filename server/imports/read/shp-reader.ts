import { basename } from 'node:path'
import type { FeatureIssue, Geometry } from '../import.types.js'
import { ImportInputError } from '../import-errors.js'
import { FileBytes } from './file-bytes.js'
import { CorruptRecordError, parseShape } from './shp-geometry.js'
import { SHAPE_TYPES, type ShpHeader } from './shp-types.js'

const HEADER = 100

/** Read and check the 100-byte header shared by .shp and .shx. */
export async function readShpHeader(bytes: FileBytes, name: string): Promise<ShpHeader> {
  const h = await bytes.read(0, HEADER)
  if (h.length < HEADER) throw new ImportInputError(`${name} is ${bytes.size} bytes long, shorter than a shapefile header (100 bytes): the file is truncated or not a shapefile.`)
  if (h.readInt32BE(0) !== 9994 || h.readInt32LE(28) !== 1000) throw new ImportInputError(`${name} is not a shapefile part (its header does not start with the shapefile file code 9994).`)
  const shapeType = h.readInt32LE(32)
  const info = SHAPE_TYPES[shapeType]
  if (!info) throw new ImportInputError(`${name} declares shape type ${shapeType}, which the shapefile specification does not define.`)
  const bbox: ShpHeader['bbox'] = [h.readDoubleLE(36), h.readDoubleLE(44), h.readDoubleLE(52), h.readDoubleLE(60)]
  return { shapeType, info, bbox, declaredLength: h.readInt32BE(24) * 2 }
}

/** One record as the loader sees it. */
export interface ShpRecord {
  index: number
  geometry: Geometry | null
  issues: FeatureIssue[]
}

/**
 * Decode one record's content. Record headers are not trusted (writers get their numbers and
 * lengths wrong; GDAL ignores them): the content at the .shx offset must parse, or the record
 * counts as damaged and the feature has no geometry, as GDAL reads it.
 */
export function readShape(content: Buffer, shapeType: number, issues: FeatureIssue[]): Geometry | null {
  try {
    return parseShape(content, shapeType, issues)
  } catch (error) {
    if (!(error instanceof CorruptRecordError)) throw error
    issues.push({ code: 'damaged_record', message: `The shape record is damaged (${error.message}); the feature was stored without geometry, as GDAL reads it.`, severity: 'warning' })
    return null
  }
}

/**
 * Streams the records of a .shp in .shx order with bounded memory. Opening checks the headers
 * and that every record the .shx lists lies inside the .shp, so a truncated file is refused
 * before anything is written.
 */
export class ShpReader {
  readonly notes: string[] = []

  private constructor(
    private readonly shp: FileBytes,
    private readonly shx: FileBytes,
    readonly header: ShpHeader,
    readonly count: number,
    private readonly name: string,
  ) {}

  static async open(shpPath: string, shxPath: string): Promise<ShpReader> {
    const shp = await FileBytes.open(shpPath)
    const shx = await FileBytes.open(shxPath)
    try {
      const header = await readShpHeader(shp, basename(shpPath))
      const shxHeader = await readShpHeader(shx, basename(shxPath))
      if (shxHeader.shapeType !== header.shapeType) throw new ImportInputError(`${basename(shxPath)} and ${basename(shpPath)} declare different shape types: they do not belong together.`)
      if (shx.size < shxHeader.declaredLength) throw new ImportInputError(`${basename(shxPath)} is truncated: its header says ${shxHeader.declaredLength} bytes but the file has ${shx.size}. Copy the shapefile again.`)
      // As GDAL does, the .shx header's length decides the record count; bytes beyond it are ignored.
      const reader = new ShpReader(shp, shx, header, Math.floor((shxHeader.declaredLength - HEADER) / 8), basename(shpPath))
      if (shx.size > shxHeader.declaredLength) reader.notes.push(`${basename(shxPath)} has ${shx.size - shxHeader.declaredLength} bytes beyond the length its header states; they were ignored.`)
      await reader.checkExtent()
      return reader
    } catch (error) {
      await Promise.all([shp.close(), shx.close()])
      throw error
    }
  }

  private truncated(i: number, needs: number): ImportInputError {
    return new ImportInputError(`${this.name} is truncated: record ${i + 1} of ${this.count} needs bytes up to ${needs} but the file has only ${this.shp.size}. The file was probably cut short when it was copied or uploaded: copy it again.`)
  }

  /**
   * Refuse a truncated file before anything is written: every record must start inside the .shp,
   * and the last one must hold its coordinates (optional trailing measures may be missing).
   */
  private async checkExtent(): Promise<void> {
    let last = { i: -1, offset: 0, length: 0 }
    for (let i = 0; i < this.count; i++) {
      let e = this.shx.span(HEADER + 8 * i, 8)
      if (e < 0) {
        await this.shx.load(HEADER + 8 * i, 8)
        e = this.shx.span(HEADER + 8 * i, 8)
      }
      const offset = this.shx.buffer.readInt32BE(e) * 2, length = this.shx.buffer.readInt32BE(e + 4) * 2
      if (offset < HEADER || offset + 12 > this.shp.size) throw this.truncated(i, offset + 8 + length)
      if (offset > last.offset) last = { i, offset, length }
    }
    if (last.i < 0) return
    const end = last.offset + 8 + last.length
    if (end > this.shp.size) {
      try {
        parseShape(await this.shp.read(last.offset + 8, last.length), this.header.shapeType, [])
      } catch (error) {
        if (error instanceof CorruptRecordError) throw this.truncated(last.i, end)
        throw error
      }
      this.notes.push(`Record ${last.i + 1} of ${this.name} ends ${end - this.shp.size} bytes short of its declared length (optional measures missing); its coordinates are complete.`)
    } else if (end < this.shp.size) this.notes.push(`${this.name} has ${this.shp.size - end} bytes after its last record; they were ignored.`)
    if (this.header.declaredLength !== this.shp.size) this.notes.push(`${this.name} header states a length of ${this.header.declaredLength} bytes but the file has ${this.shp.size}; records were read through the .shx index.`)
  }

  private async entry(i: number): Promise<{ offset: number; length: number }> {
    const e = await this.shx.read(HEADER + 8 * i, 8)
    return { offset: e.readInt32BE(0) * 2, length: e.readInt32BE(4) * 2 }
  }

  /** Every record, in order. Geometry is 2-D; Z and M values are not read. */
  async *records(): AsyncGenerator<ShpRecord> {
    for (let i = 0; i < this.count; i++) {
      const { offset, length } = await this.entry(i)
      const issues: FeatureIssue[] = []
      const geometry = readShape(await this.shp.read(offset + 8, length), this.header.shapeType, issues)
      yield { index: i + 1, geometry, issues }
    }
  }

  /** Length of the content of the record last located by `recordSpan`. */
  spanLength = 0

  /**
   * Where the content of record i (0-based, through the .shx) starts in `buffer`, or -1 until
   * `loadRecord(i)` has been awaited; `spanLength` is its length (shorter if the file ends first).
   * For loops that parse records straight from the bytes.
   */
  recordSpan(i: number): number {
    const e = this.shx.span(HEADER + 8 * i, 8)
    if (e < 0) return -1
    const b = this.shx.buffer
    const offset = b.readInt32BE(e) * 2 + 8, length = b.readInt32BE(e + 4) * 2
    const at = this.shp.span(offset, length)
    this.spanLength = Math.max(0, Math.min(offset + length, this.shp.size) - offset)
    return at
  }

  async loadRecord(i: number): Promise<void> {
    const { offset, length } = await this.entry(i)
    await this.shp.load(offset + 8, length)
  }

  get buffer(): Buffer {
    return this.shp.buffer
  }

  async close(): Promise<void> {
    await Promise.all([this.shp.close(), this.shx.close()])
  }
}
