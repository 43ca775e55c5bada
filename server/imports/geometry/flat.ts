import type { Geometry, Position } from '../import.types.js'

/**
 * A geometry as flat arrays, reused from feature to feature so the COPY load allocates nothing per
 * vertex: `xy` holds the x, y of every position in order; `parts` the number of positions of each
 * ring or line (one per point of a MultiPoint); `groups` the number of rings of each polygon
 * (Polygon: one group; other types do not use it). Arrays are scratch space longer than used.
 */
export class FlatGeometry {
  type: Geometry['type'] = 'Point'
  xy = new Float64Array(1024)
  /** The bytes of `xy` (little-endian machines copy record coordinates straight into it). */
  xyBytes = new Uint8Array(this.xy.buffer)
  points = 0
  parts = new Int32Array(64)
  partCount = 0
  groups = new Int32Array(64)
  groupCount = 0

  /** Start a geometry of `type` with room for `points` positions. */
  reset(type: Geometry['type'], points: number): void {
    this.type = type
    this.points = 0
    this.partCount = 0
    this.groupCount = 0
    if (this.xy.length < 2 * points) {
      this.xy = new Float64Array(Math.max(2 * points, 2 * this.xy.length))
      this.xyBytes = new Uint8Array(this.xy.buffer)
    }
  }

  addPart(positions: number): void {
    if (this.partCount === this.parts.length) this.parts = grow(this.parts)
    this.parts[this.partCount++] = positions
  }

  addGroup(rings: number): void {
    if (this.groupCount === this.groups.length) this.groups = grow(this.groups)
    this.groups[this.groupCount++] = rings
  }

  private push(p: Position): void {
    this.xy[2 * this.points] = p[0]!
    this.xy[2 * this.points + 1] = p[1]!
    this.points++
  }

  private line(ps: Position[]): void {
    this.addPart(ps.length)
    for (const p of ps) this.push(p)
  }

  private polygon(rings: Position[][]): void {
    this.addGroup(rings.length)
    for (const r of rings) this.line(r)
  }

  /** Fill from a geometry in GeoJSON layout. */
  assign(g: Geometry): this {
    this.reset(g.type, countPositions(g))
    switch (g.type) {
      case 'Point':
        this.addPart(1)
        this.push(g.coordinates)
        break
      case 'MultiPoint':
        for (const p of g.coordinates) this.line([p])
        break
      case 'LineString': this.line(g.coordinates); break
      case 'MultiLineString': for (const l of g.coordinates) this.line(l); break
      case 'Polygon': this.polygon(g.coordinates); break
      case 'MultiPolygon': for (const p of g.coordinates) this.polygon(p); break
    }
    return this
  }

  /** Number of members: polygons of a MultiPolygon, lines of a MultiLineString, points of a MultiPoint; 1 for single types. */
  members(): number {
    if (this.type === 'MultiPolygon') return this.groupCount
    return this.type.startsWith('Multi') ? this.partCount : 1
  }

  /** Change single ↔ multi (the layout stays: a Polygon is one group, a point one part of one position). */
  retype(type: Geometry['type']): void {
    this.type = type
  }
}

function grow(a: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const b = new Int32Array(2 * a.length)
  b.set(a)
  return b
}

function countPositions(g: Geometry): number {
  switch (g.type) {
    case 'Point': return 1
    case 'MultiPoint':
    case 'LineString': return g.coordinates.length
    case 'MultiLineString':
    case 'Polygon': return g.coordinates.reduce((n, r) => n + r.length, 0)
    case 'MultiPolygon': return g.coordinates.reduce((n, p) => n + p.reduce((m, r) => m + r.length, 0), 0)
  }
}

/** Scratch for one coordinate pair produced by a Projector. */
const pair = [0, 0]

/**
 * Apply `project` (source x, y → x', y') to every position of `src`, writing into `out` (grown as
 * needed); returns `out`.
 */
export function projectFlat(src: Float64Array, points: number, project: (x: number, y: number, out: number[]) => void, out: Float64Array<ArrayBuffer>): Float64Array<ArrayBuffer> {
  const target = out.length < 2 * points ? new Float64Array(Math.max(2 * points, 2 * out.length)) : out
  for (let i = 0; i < 2 * points; i += 2) {
    project(src[i]!, src[i + 1]!, pair)
    target[i] = pair[0]!
    target[i + 1] = pair[1]!
  }
  return target
}
