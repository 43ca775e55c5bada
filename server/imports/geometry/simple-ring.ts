import type { FlatGeometry } from './flat.js'

/** Rings longer than this are left to PostGIS (the pairwise test below grows with n²). */
const MAX_POINTS = 64
/** Shewchuk's error bound for the orientation determinant in doubles ((3 + 16ε)ε), rounded up. */
const ORIENT_BOUND = 3.3306690738754716e-16 * 1.01

/**
 * The sign of the orientation of c relative to the line a→b when double arithmetic decides it
 * with certainty (Shewchuk's filter), else 0 (collinear or too close to tell).
 */
function orientation(xy: Float64Array, a: number, b: number, c: number): number {
  const left = (xy[a]! - xy[c]!) * (xy[b + 1]! - xy[c + 1]!)
  const right = (xy[a + 1]! - xy[c + 1]!) * (xy[b]! - xy[c]!)
  const det = left - right
  return det > ORIENT_BOUND * (Math.abs(left) + Math.abs(right)) ? 1 : det < -ORIENT_BOUND * (Math.abs(left) + Math.abs(right)) ? -1 : 0
}

/** Whether segment p→q lies certainly on one side of the line through r→s (no contact possible). */
function oneSide(xy: Float64Array, p: number, q: number, r: number, s: number): boolean {
  const o1 = orientation(xy, r, s, p)
  return o1 !== 0 && o1 === orientation(xy, r, s, q)
}

/** Whether the bounding boxes of segments p→q and r→s are apart. */
function boxesApart(xy: Float64Array, p: number, q: number, r: number, s: number): boolean {
  return Math.max(xy[p]!, xy[q]!) < Math.min(xy[r]!, xy[s]!) || Math.max(xy[r]!, xy[s]!) < Math.min(xy[p]!, xy[q]!)
    || Math.max(xy[p + 1]!, xy[q + 1]!) < Math.min(xy[r + 1]!, xy[s + 1]!) || Math.max(xy[r + 1]!, xy[s + 1]!) < Math.min(xy[p + 1]!, xy[q + 1]!)
}

/**
 * True only when a polygon of one ring (no holes) is certainly valid as GEOS's IsValidOp judges
 * it: closed, at least 4 points with no point repeated in a row, every two neighbouring segments
 * turning (no spike or straight run), and every two other segments certainly apart. Every decision
 * is exact (bounding boxes, or orientation signs that double arithmetic cannot get wrong), so
 * "true" never disagrees with ST_IsValid; anything else — holes, several parts, long rings, touching
 * or nearly touching segments, collinear points — returns false and is left to ST_IsValid.
 */
export function certainlyValidRing(g: FlatGeometry, xy: Float64Array): boolean {
  if ((g.type !== 'Polygon' && g.type !== 'MultiPolygon') || g.groupCount !== 1 || g.partCount !== 1) return false
  const n = g.points
  if (n < 4 || n > MAX_POINTS || xy[0] !== xy[2 * n - 2] || xy[1] !== xy[2 * n - 1]) return false
  const segments = n - 1
  for (let i = 0; i < segments; i++) {
    const a = 2 * i, b = 2 * i + 2, c = 2 * ((i + 1) % segments) + 2
    if (xy[a] === xy[b] && xy[a + 1] === xy[b + 1]) return false
    if (orientation(xy, a, b, c) === 0) return false
  }
  for (let i = 0; i < segments; i++) {
    const p = 2 * i, q = p + 2
    // Segments i and j (j > i + 1) are not neighbours, except the first and the last.
    for (let j = i + 2; j < segments - (i === 0 ? 1 : 0); j++) {
      const r = 2 * j, s = r + 2
      if (!boxesApart(xy, p, q, r, s) && !oneSide(xy, p, q, r, s) && !oneSide(xy, r, s, p, q)) return false
    }
  }
  return true
}
