import type { FeatureIssue, Geometry, Position } from '../import.types.js'
import { ImportInputError } from '../import-errors.js'
import { cleanRings } from './shp-rings.js'

export const Z_DROPPED: FeatureIssue = { code: 'z_dropped', message: 'Z (or more) ordinates were dropped: OneMap stores 2-D geometry.', severity: 'info' }
const SHORT_LINE: FeatureIssue = { code: 'line_dropped', message: 'A line with fewer than 2 positions was dropped.', severity: 'warning' }
const MIXED_COLLECTION: FeatureIssue = { code: 'collection_parts_dropped', message: 'A GeometryCollection mixed points, lines and polygons; only the parts of the highest dimension were kept.', severity: 'warning' }

type Family = 'point' | 'line' | 'polygon'

/** Geometry family of a GeoJSON type name, or undefined for unknown names. */
export function familyOf(type: string): Family | undefined {
  if (type === 'Point' || type === 'MultiPoint') return 'point'
  if (type === 'LineString' || type === 'MultiLineString') return 'line'
  if (type === 'Polygon' || type === 'MultiPolygon') return 'polygon'
  return undefined
}

class Shape {
  constructor(
    readonly where: string,
    readonly issues: FeatureIssue[],
  ) {}

  fail(problem: string): never {
    throw new ImportInputError(`${this.where}: ${problem}. Fix the file at its source and import it again.`)
  }

  position(p: unknown): Position {
    if (!Array.isArray(p) || p.length < 2) this.fail('a position needs at least two numbers [x, y]')
    if (typeof p[0] !== 'number' || typeof p[1] !== 'number' || !Number.isFinite(p[0]) || !Number.isFinite(p[1])) this.fail(`a position holds ${JSON.stringify(p.slice(0, 2))} instead of numbers`)
    if (p.length > 2) {
      if (p.slice(2).some((v) => typeof v !== 'number')) this.fail(`a position holds ${JSON.stringify(p)}: every ordinate must be a number`)
      if (!this.issues.includes(Z_DROPPED)) this.issues.push(Z_DROPPED)
    }
    return [p[0], p[1]]
  }

  list(value: unknown, what: string): unknown[] {
    if (!Array.isArray(value)) this.fail(`the ${what} coordinates are not an array`)
    return value
  }

  positions(value: unknown, what: string): Position[] {
    return this.list(value, what).map((p) => this.position(p))
  }

  lines(value: unknown): Position[][] {
    const lines = this.list(value, 'MultiLineString').map((l) => this.positions(l, 'line'))
    if (lines.some((l) => l.length < 2)) this.issues.push(SHORT_LINE)
    return lines.filter((l) => l.length >= 2)
  }

  rings(value: unknown): Position[][] {
    return cleanRings(this.list(value, 'Polygon').map((r) => this.positions(r, 'ring')), this.issues)
  }
}

function multi(type: 'MultiPoint' | 'MultiLineString' | 'MultiPolygon', parts: unknown[]): Geometry | null {
  if (parts.length === 0) return null
  return { type, coordinates: parts } as Geometry
}

function simple(type: string, coordinates: unknown, s: Shape): Geometry | null {
  switch (type) {
    case 'Point': return { type, coordinates: s.position(coordinates) }
    case 'MultiPoint': return multi(type, s.positions(coordinates, type))
    case 'LineString': {
      const line = s.positions(coordinates, type)
      if (line.length >= 2) return { type, coordinates: line }
      s.issues.push(SHORT_LINE)
      return null
    }
    case 'MultiLineString': return multi(type, s.lines(coordinates))
    case 'Polygon': {
      const rings = s.rings(coordinates)
      return rings.length > 0 ? { type, coordinates: rings } : null
    }
    case 'MultiPolygon': return multi(type, s.list(coordinates, type).map((p) => s.rings(p)).filter((r) => r.length > 0))
    default: return s.fail(`"${type}" is not a GeoJSON geometry type`)
  }
}

/** Parts of a geometry as a flat list of singles, for merging collections. */
function singles(g: Geometry): Geometry[] {
  switch (g.type) {
    case 'MultiPoint': return g.coordinates.map((c) => ({ type: 'Point', coordinates: c }))
    case 'MultiLineString': return g.coordinates.map((c) => ({ type: 'LineString', coordinates: c }))
    case 'MultiPolygon': return g.coordinates.map((c) => ({ type: 'Polygon', coordinates: c }))
    default: return [g]
  }
}

function collection(members: unknown, s: Shape, depth: number): Geometry | null {
  if (!Array.isArray(members)) s.fail('a GeometryCollection has no "geometries" array')
  const parts = members.flatMap((m) => {
    const g = geometry(m, s, depth + 1)
    return g ? singles(g) : []
  })
  const rank = { Point: 0, LineString: 1, Polygon: 2 } as Record<string, number>
  const top = Math.max(-1, ...parts.map((p) => rank[p.type]!))
  const kept = parts.filter((p) => rank[p.type] === top)
  if (kept.length < parts.length) s.issues.push(MIXED_COLLECTION)
  if (kept.length === 0) return null
  const type = (['MultiPoint', 'MultiLineString', 'MultiPolygon'] as const)[top]!
  return multi(type, kept.map((p) => p.coordinates))
}

function geometry(value: unknown, s: Shape, depth = 0): Geometry | null {
  if (value === null || value === undefined) return null
  if (typeof value !== 'object' || Array.isArray(value)) s.fail('the geometry is not a JSON object')
  const g = value as { type?: unknown; coordinates?: unknown; geometries?: unknown }
  if (typeof g.type !== 'string') s.fail('the geometry has no "type"')
  if (g.type === 'GeometryCollection') return depth > 8 ? s.fail('GeometryCollections are nested too deeply') : collection(g.geometries, s, depth)
  if (g.coordinates === undefined) s.fail(`the ${g.type} has no "coordinates"`)
  return simple(g.type, g.coordinates, s)
}

/**
 * Check a GeoJSON geometry's structure and turn it into a 2-D geometry: rings are closed, parts
 * too short to exist are dropped (each noted in `issues`); broken structure (a position that is
 * not numbers, an unknown type) is refused with the feature's number.
 */
export function normaliseGeoJsonGeometry(value: unknown, where: string, issues: FeatureIssue[]): Geometry | null {
  return geometry(value, new Shape(where, issues))
}
