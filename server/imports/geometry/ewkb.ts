import type { Geometry, Position } from '../import.types.js'
import type { FlatGeometry } from './flat.js'

const WKB_TYPES = { Point: 1, LineString: 2, Polygon: 3, MultiPoint: 4, MultiLineString: 5, MultiPolygon: 6 } as const
const SRID_FLAG = 0x20000000

function ringSize(r: Position[]): number {
  return 4 + 16 * r.length
}

function polygonSize(p: Position[][]): number {
  let bytes = 9
  for (const r of p) bytes += ringSize(r)
  return bytes
}

function size(g: Geometry): number {
  switch (g.type) {
    case 'Point': return 21
    case 'LineString': return 5 + ringSize(g.coordinates)
    case 'Polygon': return polygonSize(g.coordinates)
    case 'MultiPoint': return 9 + 21 * g.coordinates.length
    case 'MultiLineString': return 9 + g.coordinates.reduce((s, l) => s + 5 + ringSize(l), 0)
    case 'MultiPolygon': return 9 + g.coordinates.reduce((s, p) => s + polygonSize(p), 0)
  }
}

class Writer {
  at = 0
  constructor(readonly buf: Buffer) {}
  header(type: number, srid?: number): void {
    this.buf[this.at++] = 1
    this.buf.writeUInt32LE(srid === undefined ? type : type | SRID_FLAG, this.at)
    this.at += 4
    if (srid !== undefined) this.uint(srid)
  }
  uint(n: number): void {
    this.buf.writeUInt32LE(n, this.at)
    this.at += 4
  }
  points(ps: Position[]): void {
    this.uint(ps.length)
    for (const p of ps) this.point(p)
  }
  point(p: Position): void {
    this.buf.writeDoubleLE(p[0]!, this.at)
    this.buf.writeDoubleLE(p[1]!, this.at + 8)
    this.at += 16
  }
  polygon(rings: Position[][]): void {
    this.uint(rings.length)
    for (const r of rings) this.points(r)
  }
}

function body(w: Writer, g: Geometry): void {
  switch (g.type) {
    case 'Point': return w.point(g.coordinates)
    case 'LineString': return w.points(g.coordinates)
    case 'Polygon': return w.polygon(g.coordinates)
    case 'MultiPoint': return members(w, g.coordinates, 'Point', (p) => w.point(p))
    case 'MultiLineString': return members(w, g.coordinates, 'LineString', (l) => w.points(l))
    case 'MultiPolygon': return members(w, g.coordinates, 'Polygon', (p) => w.polygon(p))
  }
}

function members<T>(w: Writer, parts: T[], type: keyof typeof WKB_TYPES, write: (part: T) => void): void {
  w.uint(parts.length)
  for (const part of parts) {
    w.header(WKB_TYPES[type])
    write(part)
  }
}

/** Little-endian EWKB (with SRID) as hex: PostGIS reads it with a plain ::geometry cast. */
export function toEwkbHex(g: Geometry, srid: number): string {
  const w = new Writer(Buffer.allocUnsafe(size(g) + 4))
  w.header(WKB_TYPES[g.type], srid)
  body(w, g)
  return w.buf.toString('hex', 0, w.at)
}

/** Room for the EWKB of a flat geometry (headers of every member counted at their largest). */
export function flatEwkbSize(g: FlatGeometry): number {
  return 13 + 16 * g.points + 13 * g.partCount + 9 * g.groupCount
}

/** Writes flat geometries as EWKB into a DataView (no allocation per feature). */
class FlatWriter {
  v: DataView = new DataView(new ArrayBuffer(0))
  at = 0
  private k = 0
  private part = 0
  private g!: FlatGeometry
  private xy!: Float64Array

  /** Write at `at` in `v` (room for flatEwkbSize(g) bytes); returns the end. */
  write(g: FlatGeometry, xy: Float64Array, srid: number, v: DataView, at: number): number {
    this.v = v
    this.g = g
    this.xy = xy
    this.at = at
    this.k = this.part = 0
    this.header(WKB_TYPES[g.type], srid)
    this.body()
    return this.at
  }

  private body(): void {
    const g = this.g
    switch (g.type) {
      case 'Point': return this.positions(1)
      case 'LineString': return this.ring()
      case 'Polygon': return this.polygon(0)
      case 'MultiPoint':
        this.uint(g.partCount)
        for (let i = 0; i < g.partCount; i++) {
          this.header(WKB_TYPES.Point)
          this.positions(g.parts[this.part++]!)
        }
        return
      case 'MultiLineString':
        this.uint(g.partCount)
        for (let i = 0; i < g.partCount; i++) {
          this.header(WKB_TYPES.LineString)
          this.ring()
        }
        return
      case 'MultiPolygon':
        this.uint(g.groupCount)
        for (let i = 0; i < g.groupCount; i++) {
          this.header(WKB_TYPES.Polygon)
          this.polygon(i)
        }
    }
  }

  private header(type: number, srid?: number): void {
    this.v.setUint8(this.at, 1)
    this.v.setUint32(this.at + 1, srid === undefined ? type : type | SRID_FLAG, true)
    this.at += 5
    if (srid !== undefined) this.uint(srid)
  }

  private uint(n: number): void {
    this.v.setUint32(this.at, n, true)
    this.at += 4
  }

  private positions(n: number): void {
    const { v, xy } = this
    let { at, k } = this
    for (let i = 0; i < n; i++, k += 2, at += 16) {
      v.setFloat64(at, xy[k]!, true)
      v.setFloat64(at + 8, xy[k + 1]!, true)
    }
    this.at = at
    this.k = k
  }

  private ring(): void {
    const n = this.g.parts[this.part++]!
    this.uint(n)
    this.positions(n)
  }

  private polygon(group: number): void {
    const rings = this.g.groups[group]!
    this.uint(rings)
    for (let r = 0; r < rings; r++) this.ring()
  }
}

const flatWriter = new FlatWriter()
let scratch = new DataView(new ArrayBuffer(1 << 16))

/**
 * Little-endian EWKB (with SRID) of a flat geometry whose coordinates are taken from `xy` (the
 * source, or its projection), written at `at` in `v`, which has room for flatEwkbSize(g) bytes;
 * returns the end.
 */
export function writeFlatEwkb(g: FlatGeometry, xy: Float64Array, srid: number, v: DataView, at: number): number {
  return flatWriter.write(g, xy, srid, v, at)
}

/** The EWKB of a flat geometry as a view into a scratch buffer, valid until the next call. */
export function flatEwkb(g: FlatGeometry, xy: Float64Array, srid: number): Uint8Array {
  if (scratch.byteLength < flatEwkbSize(g)) scratch = new DataView(new ArrayBuffer(2 * flatEwkbSize(g)))
  return new Uint8Array(scratch.buffer, 0, flatWriter.write(g, xy, srid, scratch, 0))
}
