/**
 * Where to put one label for an area that vector tiles deliver in pieces (one per tile it crosses).
 * Labelling each piece repeats the name across the screen; these functions find one point for the
 * whole area from the pieces the map has loaded.
 */

type Ring = number[][]
/** A polygon as GeoJSON coordinates: outer ring, then holes. */
export type PolygonCoordinates = Ring[]

/** Sample points per side when the bounding-box centre lies outside the area. */
const GRID = 9

function ringContains(ring: Ring, x: number, y: number): boolean {
  let inside = false
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]
    const [xj, yj] = ring[j]
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside
  }
  return inside
}

/** Whether (x, y) is inside a polygon: in its outer ring and in none of its holes. */
export function polygonContains(polygon: PolygonCoordinates, x: number, y: number): boolean {
  if (polygon.length === 0 || !ringContains(polygon[0], x, y)) return false
  return !polygon.slice(1).some((hole) => ringContains(hole, x, y))
}

/** [minX, minY, maxX, maxY] of the outer rings of all pieces. */
export function boundsOf(pieces: PolygonCoordinates[]): [number, number, number, number] {
  const bounds: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity]
  for (const piece of pieces) {
    for (const [x, y] of piece[0] ?? []) {
      bounds[0] = Math.min(bounds[0], x)
      bounds[1] = Math.min(bounds[1], y)
      bounds[2] = Math.max(bounds[2], x)
      bounds[3] = Math.max(bounds[3], y)
    }
  }
  return bounds
}

/**
 * A point inside the area made of `pieces`: the centre of their joint bounding box when that is
 * inside, otherwise the inside grid point nearest to it. Undefined when no sample falls inside.
 */
export function labelPoint(pieces: PolygonCoordinates[]): [number, number] | undefined {
  const [minX, minY, maxX, maxY] = boundsOf(pieces)
  if (!Number.isFinite(minX)) return undefined
  const centre: [number, number] = [(minX + maxX) / 2, (minY + maxY) / 2]
  const inside = (x: number, y: number) => pieces.some((p) => polygonContains(p, x, y))
  if (inside(...centre)) return centre
  let best: [number, number] | undefined
  let bestDistance = Infinity
  for (let i = 1; i < GRID; i++) {
    for (let j = 1; j < GRID; j++) {
      const x = minX + ((maxX - minX) * i) / GRID
      const y = minY + ((maxY - minY) * j) / GRID
      const distance = (x - centre[0]) ** 2 + (y - centre[1]) ** 2
      if (distance < bestDistance && inside(x, y)) [best, bestDistance] = [[x, y], distance]
    }
  }
  return best
}
