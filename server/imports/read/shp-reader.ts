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
      const reader = new ShpReader(shp, shx, header, Math.floor((shx.size - HEADER) / 8), basename(shpPath))
      await reader.checkExtent(shxHeader.declaredLength, basename(shxPath))
      return reader
    } catch (error) {
      await Promise.all([shp.close(), shx.close()])
      throw error
    }
  }

  /** Refuse truncated files; note (but accept) bytes beyond the last record. */
  private async checkExtent(shxDeclared: number, shxName: string): Promise<void> {
    if (this.shx.size < shxDeclared) throw new ImportInputError(`${shxName} is truncated: its header says ${shxDeclared} bytes but the file has ${this.shx.size}. Copy the shapefile again.`)
    let end = HEADER
    for (let i = 0; i < this.count; i++) {
      const { offset, length } = await this.entry(i)
      if (offset < HEADER || offset + 8 + length > this.shp.size) {
        throw new ImportInputError(`${this.name} is truncated: record ${i + 1} of ${this.count} needs bytes up to ${offset + 8 + length} but the file has only ${this.shp.size}. The file was probably cut short when it was copied or uploaded: copy it again.`)
      }
      end = Math.max(end, offset + 8 + length)
    }
    if (end < this.shp.size) this.notes.push(`${this.name} has ${this.shp.size - end} bytes after its last record; they were ignored.`)
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
      const content = await this.shp.read(offset + 8, length)
      const issues: FeatureIssue[] = []
      const geometry = this.parse(content, i + 1, issues)
      yield { index: i + 1, geometry, issues }
    }
  }

  private parse(content: Buffer, recordNumber: number, issues: FeatureIssue[]): Geometry | null {
    try {
      return parseShape(content, this.header.shapeType, issues)
    } catch (error) {
      if (!(error instanceof CorruptRecordError)) throw error
      throw new ImportInputError(`Record ${recordNumber} of ${this.name} is damaged: ${error.message}. Re-export the shapefile from its source.`)
    }
  }

  async close(): Promise<void> {
    await Promise.all([this.shp.close(), this.shx.close()])
  }
}
