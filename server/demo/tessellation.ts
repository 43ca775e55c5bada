/**
 * Gap-free, overlap-free patch geometry: Voronoi cells (d3-delaunay) of jittered seed points,
 * clipped to the region's rectangle. Adjacent cells share the very same vertex numbers, so the
 * tessellation is exact. Seeds are denser where land is fragmented (towns, villages, the plain)
 * and sparser in the mountains and the desert.
 */
import { Delaunay, type Voronoi } from 'd3-delaunay'
import { hashInts, unit } from './random.js'
import { HEIGHT_KM, TOWNS, WIDTH_KM, mountainFrontX, toLonLat, type Km } from './region.js'

export type Ring = [number, number][]

export interface Tessellation {
  seeds: Float64Array
  voronoi: Voronoi<number>
  count: number
  /** x is multiplied by this before the Voronoi: cells come out elongated north–south, like irrigated fields. */
  stretch: number
}

/** How regular the seed grid is: fields on the plain are laid out in rows, mountain patches are not. */
function jitterAt(p: Km): number {
  const fromFront = p[0] - mountainFrontX(p[1])
  return fromFront < 2 ? 0.85 : fromFront < 8 ? 0.6 : 0.4
}

/** Relative patch density at a point (1 = densest). */
function density(p: Km): number {
  const town = Math.min(...TOWNS.map((t) => Math.hypot(p[0] - t.centre[0], p[1] - t.centre[1]) / t.radius))
  if (town < 1.4) return 1
  const fromFront = p[0] - mountainFrontX(p[1])
  if (fromFront < 0) return 0.18
  if (fromFront < 6) return 0.45
  return 0.75
}

/** Mean density over the region, sampled on a fixed grid. */
function meanDensity(): number {
  let sum = 0
  const n = 60
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) sum += density([((i + 0.5) * WIDTH_KM) / n, ((j + 0.5) * HEIGHT_KM) / n])
  return sum / (n * n)
}

/**
 * Seed points for about `target` cells: a jittered grid, `stretch` times denser in x than in y, whose points are kept with probability
 * equal to the local density. `salt` separates independent tessellations (DLTB, 林草).
 */
export function makeSeeds(seed: number, salt: number, target: number, stretch = 1): Float64Array {
  const area = Math.sqrt((WIDTH_KM * HEIGHT_KM * meanDensity()) / target)
  const [sx, sy] = [area / Math.sqrt(stretch), area * Math.sqrt(stretch)]
  const nx = Math.ceil(WIDTH_KM / sx)
  const ny = Math.ceil(HEIGHT_KM / sy)
  const out: number[] = []
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      const c: Km = [(i + 0.5) * sx, (j + 0.5) * sy]
      const jitter = jitterAt(c)
      const p: Km = [c[0] + jitter * (unit(seed, salt, i, j, 1) - 0.5) * sx, c[1] + jitter * (unit(seed, salt, i, j, 2) - 0.5) * sy]
      if (p[0] > WIDTH_KM || p[1] > HEIGHT_KM) continue
      if (unit(seed, salt, i, j, 3) < density(p)) out.push(p[0], p[1])
    }
  }
  return Float64Array.from(out)
}

/** Voronoi cells of the seeds, computed with x stretched by `stretch` (an affine map keeps cells convex and exact). */
export function tessellate(seeds: Float64Array, stretch = 1): Tessellation {
  const stretched = seeds.map((v, k) => (k % 2 === 0 ? v * stretch : v))
  const delaunay = new Delaunay(stretched)
  return { seeds, voronoi: delaunay.voronoi([0, 0, WIDTH_KM * stretch, HEIGHT_KM]), count: seeds.length / 2, stretch }
}

/** The cell of seed `i` in km, as an open ring without repeated points (null when empty). */
export function cellKm(t: Tessellation, i: number): Ring | null {
  const poly = t.voronoi.cellPolygon(i)
  if (!poly || poly.length < 4) return null
  const ring: Ring = []
  for (let k = 0; k < poly.length - 1; k++) {
    const x = poly[k][0] / t.stretch
    const y = poly[k][1]
    const last = ring[ring.length - 1]
    if (!last || last[0] !== x || last[1] !== y) ring.push([x, y])
  }
  if (ring.length > 1 && ring[0][0] === ring[ring.length - 1][0] && ring[0][1] === ring[ring.length - 1][1]) ring.pop()
  return ring.length >= 3 ? ring : null
}

export function seedOf(t: Tessellation, i: number): Km {
  return [t.seeds[2 * i], t.seeds[2 * i + 1]]
}

/** Centroid of a ring (km). */
export function centroid(ring: Ring): Km {
  let a = 0
  let cx = 0
  let cy = 0
  for (let k = 0; k < ring.length; k++) {
    const [x0, y0] = ring[k]
    const [x1, y1] = ring[(k + 1) % ring.length]
    const f = x0 * y1 - x1 * y0
    a += f
    cx += (x0 + x1) * f
    cy += (y0 + y1) * f
  }
  return a === 0 ? ring[0] : [cx / (3 * a), cy / (3 * a)]
}

/**
 * Split a convex ring along a diagonal (vertex `k` to the roughly opposite vertex). The halves use
 * only the original vertices, so overlays with the unsplit neighbours meet exactly coincident
 * edges: new points on existing edges would make near-collinear slivers, which GEOS in PGlite
 * fails on silently.
 */
export function splitDiagonal(ring: Ring, k: number): [Ring, Ring] | null {
  const n = ring.length
  if (n < 4) return null
  const i = k % n
  const j = i + Math.floor(n / 2)
  const first: Ring = []
  const second: Ring = []
  for (let m = i; m <= j; m++) first.push(ring[m % n])
  for (let m = j; m <= i + n; m++) second.push(ring[m % n])
  return [first, second]
}

/** The ring with vertex `k` pushed away from the centroid by `factor` (a partly overlapping copy). */
export function pushVertex(ring: Ring, k: number, factor: number): Ring {
  const c = centroid(ring)
  return ring.map(([x, y], m) => (m === k % ring.length ? [c[0] + (x - c[0]) * factor, c[1] + (y - c[1]) * factor] : [x, y]))
}

/** GeoJSON Polygon text in CGCS2000 lon/lat for km rings (first is the shell). */
export function polygonJson(...rings: Ring[]): string {
  return JSON.stringify({ type: 'Polygon', coordinates: rings.map(closedLonLat) })
}

function closedLonLat(ring: Ring): number[][] {
  const out = ring.map(([x, y]) => toLonLat(x, y))
  out.push(out[0])
  return out
}

/** A per-cell random number for a purpose (`salt`), independent of iteration order. */
export function cellUnit(seed: number, salt: number, i: number): number {
  return hashInts(seed, salt, i) / 4294967296
}
