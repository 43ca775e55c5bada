import type { FeatureIssue, Geometry, Position } from '../import.types.js'
import { cleanRings, organiseRings } from './shp-rings.js'
import { SHAPE_TYPES } from './shp-types.js'

/** A record whose bytes contradict themselves: reported as a problem with that record. */
export class CorruptRecordError extends Error {}

function points(content: Buffer, at: number, count: number): Position[] {
  const out: Position[] = new Array(count)
  for (let i = 0; i < count; i++, at += 16) out[i] = [content.readDoubleLE(at), content.readDoubleLE(at + 8)]
  return out
}

function need(content: Buffer, bytes: number, what: string): void {
  if (content.length < bytes) throw new CorruptRecordError(`the ${what} record needs ${bytes} bytes but has ${content.length}`)
}

function parsePoint(content: Buffer): Geometry {
  need(content, 20, 'point')
  const x = content.readDoubleLE(4), y = content.readDoubleLE(12)
  return { type: 'Point', coordinates: [x, y] }
}

function parseMultiPoint(content: Buffer): Geometry | null {
  need(content, 40, 'multipoint')
  const n = content.readInt32LE(36)
  if (n < 0) throw new CorruptRecordError(`the multipoint record has ${n} points`)
  need(content, 40 + 16 * n, 'multipoint')
  return n === 0 ? null : { type: 'MultiPoint', coordinates: points(content, 40, n) }
}

/** Parts of a PolyLine or Polygon record, each as its list of positions. */
function parts(content: Buffer, what: string): Position[][] {
  need(content, 44, what)
  const numParts = content.readInt32LE(36), numPoints = content.readInt32LE(40)
  if (numParts < 0 || numPoints < 0) throw new CorruptRecordError(`the ${what} record has ${numParts} parts and ${numPoints} points`)
  const pointsAt = 44 + 4 * numParts
  need(content, pointsAt + 16 * numPoints, what)
  const all = points(content, pointsAt, numPoints)
  const out: Position[][] = []
  for (let p = 0; p < numParts; p++) {
    const start = content.readInt32LE(44 + 4 * p)
    const end = p + 1 < numParts ? content.readInt32LE(48 + 4 * p) : numPoints
    if (start < 0 || end > numPoints || start > end) throw new CorruptRecordError(`part ${p + 1} of the ${what} record points outside its ${numPoints} points`)
    out.push(all.slice(start, end))
  }
  return out
}

function parseLine(content: Buffer, issues: FeatureIssue[]): Geometry | null {
  const lines = parts(content, 'polyline').filter((line) => {
    if (line.length >= 2) return true
    if (line.length > 0) issues.push({ code: 'line_dropped', message: 'A line part with a single point was dropped.', severity: 'warning' })
    return false
  })
  if (lines.length === 0) return null
  return lines.length === 1 ? { type: 'LineString', coordinates: lines[0]! } : { type: 'MultiLineString', coordinates: lines }
}

function parsePolygon(content: Buffer, issues: FeatureIssue[]): Geometry | null {
  return organiseRings(cleanRings(parts(content, 'polygon'), issues), issues)
}

/**
 * Decode one record's content into a 2-D geometry (Z and M are not read). Returns null for a null
 * shape or a shape with no usable parts; the caller reports which.
 */
export function parseShape(content: Buffer, fileType: number, issues: FeatureIssue[]): Geometry | null {
  need(content, 4, 'shape')
  const type = content.readInt32LE(0)
  if (type === 0) return null
  if (type !== fileType) {
    throw new CorruptRecordError(`the record has shape type ${SHAPE_TYPES[type]?.name ?? type} in a ${SHAPE_TYPES[fileType]?.name ?? fileType} file`)
  }
  switch (SHAPE_TYPES[type]!.family) {
    case 'point': return parsePoint(content)
    case 'multipoint': return parseMultiPoint(content)
    case 'line': return parseLine(content, issues)
    case 'polygon': return parsePolygon(content, issues)
    default: throw new CorruptRecordError(`shape type ${type} cannot be read`)
  }
}
