import { endianness } from 'node:os'
import type { FlatGeometry } from '../geometry/flat.js'
import type { FeatureIssue } from '../import.types.js'
import { readShape } from './shp-reader.js'
import { SHAPE_TYPES } from './shp-types.js'

const LITTLE_ENDIAN = endianness() === 'LE'

/**
 * The common case read without building positions: a polygon record with one closed ring of at
 * least 4 points, which is exactly what readShape makes a one-ring Polygon of without any issue.
 */
function simplePolygon(buf: Buffer, at: number, length: number, shapeType: number, flat: FlatGeometry): boolean {
  if (!LITTLE_ENDIAN || length < 48 || SHAPE_TYPES[shapeType]?.family !== 'polygon') return false
  if (buf.readInt32LE(at) !== shapeType || buf.readInt32LE(at + 36) !== 1 || buf.readInt32LE(at + 44) !== 0) return false
  const n = buf.readInt32LE(at + 40), first = at + 48, last = first + 16 * (n - 1)
  if (n < 4 || length < 48 + 16 * n) return false
  if (buf.readDoubleLE(first) !== buf.readDoubleLE(last) || buf.readDoubleLE(first + 8) !== buf.readDoubleLE(last + 8)) return false
  flat.reset('Polygon', n)
  flat.addGroup(1)
  flat.addPart(n)
  buf.copy(flat.xyBytes, 0, first, first + 16 * n)
  flat.points = n
  return true
}

/**
 * Decode the record content at buf[at, at + length) into `flat`, with the issues readShape reports;
 * false when the feature has no geometry (null shape, nothing usable, damaged record).
 */
export function readShapeFlat(buf: Buffer, at: number, length: number, shapeType: number, issues: FeatureIssue[], flat: FlatGeometry): boolean {
  if (simplePolygon(buf, at, length, shapeType, flat)) return true
  const g = readShape(buf.subarray(at, at + length), shapeType, issues)
  if (!g) return false
  flat.assign(g)
  return true
}
