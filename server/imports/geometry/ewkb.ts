import type { Geometry, Position } from '../import.types.js'

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
