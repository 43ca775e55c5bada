import type { Geometry, Position } from 'geojson'
import { BinaryFile } from './binary-file.js'
import { SHAPE, shapeParts, type ShapeParts, type ShapeType } from './shp-geometry.js'

const HEADER_BYTES = 100
type Box = [number, number, number, number]

/**
 * The .shp and .shx of a shapefile, written record by record. Sizes are in 16-bit words and
 * big-endian where the ESRI specification says so; the headers (file length, extent) are patched
 * in on close.
 */
export class ShpWriter {
  private count = 0
  private box: Box | null = null

  private constructor(
    private readonly shp: BinaryFile,
    private readonly shx: BinaryFile,
    private readonly shapeType: ShapeType,
  ) {}

  static async create(basePath: string, shapeType: ShapeType, maxBytes: number): Promise<ShpWriter> {
    const shp = await BinaryFile.create(`${basePath}.shp`, maxBytes)
    const shx = await BinaryFile.create(`${basePath}.shx`, maxBytes)
    await shp.append(Buffer.alloc(HEADER_BYTES))
    await shx.append(Buffer.alloc(HEADER_BYTES))
    return new ShpWriter(shp, shx, shapeType)
  }

  get size(): number {
    return this.shp.size
  }

  async write(geometry: Geometry | null): Promise<void> {
    const shape = shapeParts(geometry, this.shapeType)
    const content = shape ? this.content(shape) : nullContent()
    const recordHead = Buffer.alloc(8)
    recordHead.writeInt32BE(++this.count, 0)
    recordHead.writeInt32BE(content.length / 2, 4)
    const index = Buffer.alloc(8)
    index.writeInt32BE(this.shp.size / 2, 0)
    index.writeInt32BE(content.length / 2, 4)
    await this.shp.append(Buffer.concat([recordHead, content]))
    await this.shx.append(index)
  }

  async close(): Promise<void> {
    await this.shp.patch(0, this.header(this.shp.size))
    await this.shx.patch(0, this.header(this.shx.size))
    await this.shp.close()
    await this.shx.close()
  }

  async discard(): Promise<void> {
    await this.shp.discard()
    await this.shx.discard()
  }

  private header(fileBytes: number): Buffer {
    const head = Buffer.alloc(HEADER_BYTES)
    head.writeInt32BE(9994, 0)
    head.writeInt32BE(fileBytes / 2, 24)
    head.writeInt32LE(1000, 28)
    head.writeInt32LE(this.shapeType, 32)
    const [xmin, ymin, xmax, ymax] = this.box ?? [0, 0, 0, 0]
    ;[xmin, ymin, xmax, ymax].forEach((v, i) => head.writeDoubleLE(v, 36 + 8 * i))
    return head
  }

  private content(shape: ShapeParts): Buffer {
    const box = boundingBox(shape.parts)
    this.box = this.box ? union(this.box, box) : box
    if (this.shapeType === SHAPE.POINT) return pointContent(shape.parts[0][0])
    if (this.shapeType === SHAPE.MULTIPOINT) return multiPointContent(shape.parts.flat(), box)
    return polyContent(this.shapeType, shape.parts, box)
  }
}

function nullContent(): Buffer {
  return Buffer.alloc(4)
}

function pointContent(p: Position): Buffer {
  const b = Buffer.alloc(20)
  b.writeInt32LE(SHAPE.POINT, 0)
  b.writeDoubleLE(p[0], 4)
  b.writeDoubleLE(p[1], 12)
  return b
}

function multiPointContent(points: Position[], box: Box): Buffer {
  const b = Buffer.alloc(40 + 16 * points.length)
  b.writeInt32LE(SHAPE.MULTIPOINT, 0)
  writeBox(b, 4, box)
  b.writeInt32LE(points.length, 36)
  writePoints(b, 40, points)
  return b
}

/** PolyLine and Polygon records: box, part count, point count, part start indexes, points. */
function polyContent(shapeType: ShapeType, parts: Position[][], box: Box): Buffer {
  const points = parts.flat()
  const pointsAt = 44 + 4 * parts.length
  const b = Buffer.alloc(pointsAt + 16 * points.length)
  b.writeInt32LE(shapeType, 0)
  writeBox(b, 4, box)
  b.writeInt32LE(parts.length, 36)
  b.writeInt32LE(points.length, 40)
  let start = 0
  parts.forEach((part, i) => {
    b.writeInt32LE(start, 44 + 4 * i)
    start += part.length
  })
  writePoints(b, pointsAt, points)
  return b
}

function writeBox(b: Buffer, at: number, box: Box): void {
  box.forEach((v, i) => b.writeDoubleLE(v, at + 8 * i))
}

function writePoints(b: Buffer, at: number, points: Position[]): void {
  points.forEach((p, i) => {
    b.writeDoubleLE(p[0], at + 16 * i)
    b.writeDoubleLE(p[1], at + 16 * i + 8)
  })
}

function boundingBox(parts: Position[][]): Box {
  const box: Box = [Infinity, Infinity, -Infinity, -Infinity]
  for (const part of parts) {
    for (const [x, y] of part) {
      if (x < box[0]) box[0] = x
      if (y < box[1]) box[1] = y
      if (x > box[2]) box[2] = x
      if (y > box[3]) box[3] = y
    }
  }
  return box
}

function union(a: Box, b: Box): Box {
  return [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[2], b[2]), Math.max(a[3], b[3])]
}
