import type { FlatGeometry } from './flat.js'

const ONE_RING = [0]
/** Geometries with more points than this are left to PostGIS. */
const MAX_POINTS = 100_000
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

/** Whether the ring of n points from point `start` is closed, has ≥ 4 points, none repeated in a row, and neighbouring segments that turn. */
function ringShapeOk(xy: Float64Array, start: number, n: number): boolean {
  const first = 2 * start, last = 2 * (start + n - 1)
  if (n < 4 || xy[first] !== xy[last] || xy[first + 1] !== xy[last + 1]) return false
  const segments = n - 1
  for (let i = 0; i < segments; i++) {
    const a = first + 2 * i, b = a + 2, c = first + 2 * ((i + 1) % segments) + 2
    if (xy[a] === xy[b] && xy[a + 1] === xy[b + 1]) return false
    if (orientation(xy, a, b, c) === 0) return false
  }
  return true
}

/** Whether segments i and j of a ring of `segments` segments share a point by construction (neighbours). */
const neighbours = (i: number, j: number, segments: number) => j === i + 1 || (i === 0 && j === segments - 1)

/** Segments of a geometry for the sweep: the position index of each segment's start, its ring, its number in the ring. */
let segStart = new Int32Array(256)
let segRing = new Int32Array(256)
let segIndex = new Int32Array(256)
let segMinX = new Float64Array(256)
let order = new Int32Array(256)

function grow(n: number): void {
  if (segStart.length >= n) return
  const size = 2 * n
  segStart = new Int32Array(size)
  segRing = new Int32Array(size)
  segIndex = new Int32Array(size)
  segMinX = new Float64Array(size)
  order = new Int32Array(size)
}

/** segmentsApart for one short ring starting at position 0: all pairs, without the sweep's bookkeeping. */
function ringSegmentsApart(xy: Float64Array, segments: number): boolean {
  for (let i = 0; i < segments; i++) {
    const p = 2 * i, q = p + 2
    for (let j = i + 2; j < segments - (i === 0 ? 1 : 0); j++) {
      const r = 2 * j, s = r + 2
      if (!boxesApart(xy, p, q, r, s) && !oneSide(xy, p, q, r, s) && !oneSide(xy, r, s, p, q)) return false
    }
  }
  return true
}

/**
 * Whether every two segments of the geometry, neighbours in a ring aside, are certainly apart:
 * all pairs for short geometries, else a sweep over segments sorted by their west end, which
 * compares only segments whose x-ranges overlap.
 */
function segmentsApart(xy: Float64Array, starts: number[], g: FlatGeometry): boolean {
  if (g.partCount === 1 && g.points <= 33) return ringSegmentsApart(xy, g.points - 1)
  let n = 0
  for (let k = 0; k < g.partCount; k++) n += g.parts[k]! - 1
  grow(n)
  for (let k = 0, m = 0; k < g.partCount; k++) {
    for (let i = 0; i < g.parts[k]! - 1; i++, m++) {
      const p = 2 * (starts[k]! + i)
      segStart[m] = starts[k]! + i
      segRing[m] = k
      segIndex[m] = i
      segMinX[m] = Math.min(xy[p]!, xy[p + 2]!)
      order[m] = m
    }
  }
  const sorted = order.subarray(0, n)
  if (n > 32) sorted.sort((a, b) => segMinX[a]! - segMinX[b]!)
  // A geometry whose segments overlap in x by the thousands (zigzags, spirals) is left to GEOS.
  let budget = Math.max(1024, 64 * n)
  for (let u = 0; u < n; u++) {
    const a = sorted[u]!, p = 2 * segStart[a]!, q = p + 2
    const maxX = Math.max(xy[p]!, xy[q]!)
    for (let v = u + 1; v < n; v++) {
      const b = sorted[v]!
      if (n > 32 && segMinX[b]! > maxX) break
      if (--budget < 0) return false
      if (segRing[a] === segRing[b] && neighbours(Math.min(segIndex[a]!, segIndex[b]!), Math.max(segIndex[a]!, segIndex[b]!), g.parts[segRing[a]!]! - 1)) continue
      const r = 2 * segStart[b]!, s = r + 2
      if (!boxesApart(xy, p, q, r, s) && !oneSide(xy, p, q, r, s) && !oneSide(xy, r, s, p, q)) return false
    }
  }
  return true
}

/**
 * Where point `pt` (a position index) lies against the ring of n points from `start`: 1 inside,
 * -1 outside, 0 when double arithmetic cannot tell. Crossing number with half-open edges; the
 * point is known not to lie on the ring.
 */
function inside(xy: Float64Array, pt: number, start: number, n: number): number {
  const px = 2 * pt, y = xy[px + 1]!
  let crossings = 0
  for (let i = 0; i < n - 1; i++) {
    const a = 2 * (start + i), b = a + 2
    const up = xy[b + 1]! > y
    if ((xy[a + 1]! > y) === up) continue
    const o = orientation(xy, a, b, px)
    if (o === 0) return 0
    if ((o > 0) === up) crossings++
  }
  return crossings % 2 === 1 ? 1 : -1
}

/**
 * True only when a polygon or multipolygon is certainly valid as GEOS's IsValidOp judges it: every
 * ring closed with ≥ 4 points, none repeated in a row, neighbouring segments turning; every two
 * other segments, in one ring or two, certainly apart; each hole inside its shell and outside the
 * other holes; each shell outside the other shells. Every decision is exact (bounding boxes,
 * orientation signs that double arithmetic cannot get wrong, crossing numbers over them), so "true"
 * never disagrees with ST_IsValid; anything else — rings that touch or nearly touch, collinear
 * points, nested parts, lines and points — returns false and is left to
 * ST_IsValid.
 */
export function certainlyValidPolygon(g: FlatGeometry, xy: Float64Array): boolean {
  if ((g.type !== 'Polygon' && g.type !== 'MultiPolygon') || g.points > MAX_POINTS) return false
  if (g.partCount === 1) return ringShapeOk(xy, 0, g.points) && segmentsApart(xy, ONE_RING, g)
  const starts: number[] = []
  for (let k = 0, at = 0; k < g.partCount; at += g.parts[k]!, k++) starts.push(at)
  for (let k = 0; k < g.partCount; k++) if (!ringShapeOk(xy, starts[k]!, g.parts[k]!)) return false
  if (!segmentsApart(xy, starts, g)) return false
  const shells: number[] = []
  for (let p = 0, ring = 0; p < g.groupCount; ring += g.groups[p]!, p++) {
    shells.push(ring)
    for (let h = ring + 1; h < ring + g.groups[p]!; h++) {
      if (inside(xy, starts[h]!, starts[ring]!, g.parts[ring]!) !== 1) return false
      for (let o = ring + 1; o < ring + g.groups[p]!; o++) if (o !== h && inside(xy, starts[h]!, starts[o]!, g.parts[o]!) !== -1) return false
    }
  }
  for (const a of shells) for (const b of shells) if (a !== b && inside(xy, starts[a]!, starts[b]!, g.parts[b]!) !== -1) return false
  return true
}
