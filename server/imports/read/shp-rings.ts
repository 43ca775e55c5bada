import type { FeatureIssue, Geometry, Position } from '../import.types.js'

/** Reason texts for ring problems, shared with the report. */
export const RING_ISSUES = {
  unclosed: { code: 'ring_closed', message: 'A ring was not closed; its first point was repeated at the end.', severity: 'info' },
  degenerate: { code: 'ring_dropped', message: 'A ring with fewer than 4 points (no area) was dropped.', severity: 'warning' },
  orphanHole: { code: 'hole_without_shell', message: 'A hole lay inside no outer ring; it was kept as an outer ring of its own.', severity: 'warning' },
} as const satisfies Record<string, FeatureIssue>

/** Twice the signed area (shoelace): negative for clockwise rings in x-east/y-north axes. */
export function ringSignedArea2(ring: Position[]): number {
  let sum = 0
  for (let i = 0, n = ring.length - 1; i < n; i++) sum += ring[i]![0]! * ring[i + 1]![1]! - ring[i + 1]![0]! * ring[i]![1]!
  return sum
}

/** Ray casting: is the point inside the ring (boundary counts as either)? */
export function ringContains(ring: Position[], x: number, y: number): boolean {
  let inside = false
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!, [xj, yj] = ring[j]!
    if (yi! > y !== yj! > y && x < ((xj! - xi!) * (y - yi!)) / (yj! - yi!) + xi!) inside = !inside
  }
  return inside
}

/** Close open rings and drop rings too short to bound an area, noting what was done. */
export function cleanRings(rings: Position[][], issues: FeatureIssue[]): Position[][] {
  const out: Position[][] = []
  for (const ring of rings) {
    const first = ring[0], last = ring[ring.length - 1]
    if (first && last && (first[0] !== last[0] || first[1] !== last[1])) {
      ring.push([first[0]!, first[1]!])
      issues.push(RING_ISSUES.unclosed)
    }
    if (ring.length < 4) issues.push(RING_ISSUES.degenerate)
    else out.push(ring)
  }
  return out
}

/**
 * Turn the parts of a shapefile polygon into a Polygon or MultiPolygon. The specification orders
 * outer rings clockwise and holes counter-clockwise; a hole belongs to the smallest outer ring
 * that contains its first point, in whatever order the rings come (holes may precede shells).
 */
export function organiseRings(rings: Position[][], issues: FeatureIssue[]): Geometry | null {
  if (rings.length === 0) return null
  if (rings.length === 1) return { type: 'Polygon', coordinates: rings }
  const shells: { ring: Position[]; area: number; polygon: Position[][] }[] = []
  const holes: Position[][] = []
  for (const ring of rings) {
    const area = ringSignedArea2(ring)
    if (area <= 0) shells.push({ ring, area: -area, polygon: [ring] })
    else holes.push(ring)
  }
  if (shells.length === 0) return organiseByContainment(rings)
  for (const hole of holes) {
    const [x, y] = hole[0]!
    let owner: (typeof shells)[number] | undefined
    for (const shell of shells) {
      if ((!owner || shell.area < owner.area) && ringContains(shell.ring, x!, y!)) owner = shell
    }
    if (owner) owner.polygon.push(hole)
    else {
      if (shells.length > 0) issues.push(RING_ISSUES.orphanHole)
      shells.push({ ring: hole, area: ringSignedArea2(hole), polygon: [hole] })
    }
  }
  const polygons = shells.map((s) => s.polygon)
  return polygons.length === 1 ? { type: 'Polygon', coordinates: polygons[0]! } : { type: 'MultiPolygon', coordinates: polygons }
}

/** Every ring wound counter-clockwise (a common writer bug): decide shells and holes by nesting alone. */
function organiseByContainment(rings: Position[][]): Geometry {
  const sorted = rings.map((ring) => ({ ring, area: Math.abs(ringSignedArea2(ring)) })).sort((a, b) => b.area - a.area)
  const polygons: Position[][][] = []
  for (const { ring } of sorted) {
    const [x, y] = ring[0]!
    const owner = polygons.findLast((p) => ringContains(p[0]!, x!, y!))
    if (owner && !owner.slice(1).some((h) => ringContains(h, x!, y!))) owner.push(ring)
    else polygons.push([ring])
  }
  return polygons.length === 1 ? { type: 'Polygon', coordinates: polygons[0]! } : { type: 'MultiPolygon', coordinates: polygons }
}
