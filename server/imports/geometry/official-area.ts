import type { Geometry, Position } from '../import.types.js'
import type { FlatGeometry } from './flat.js'
import { gkSystem } from '../detect/gauss-kruger-zones.js'
import { inverseGaussKrugerInto } from './gauss-kruger.js'

/**
 * The official ellipsoidal area (国土调查办发〔2008〕32号) of polygons, computed in the import
 * stream exactly as onemap.ellipsoid_area does in SQL (migrations/0003_official_area.sql): same
 * constants, same edge terms, same reference meridian (the geometry's west edge), and the same
 * rounding (15 significant digits as Postgres converts float8 to numeric, then 0.01 m² half away
 * from zero). Running it per vertex in SQL costs several times the whole load; here it is cheap.
 * Tests compare both on every polygon fixture.
 */
const B = 6356752.31414036
const E = 0.0066943800229
const KA = 1 + (3 / 6) * E + (30 / 80) * E ** 2 + (35 / 112) * E ** 3 + (630 / 2304) * E ** 4
const KB = (1 / 6) * E + (15 / 80) * E ** 2 + (21 / 112) * E ** 3 + (420 / 2304) * E ** 4
const KC = (3 / 80) * E ** 2 + (7 / 112) * E ** 3 + (180 / 2304) * E ** 4
const KD = (1 / 112) * E ** 3 + (45 / 2304) * E ** 4
const KE = (5 / 2304) * E ** 4
const RAD = Math.PI / 180

/** Writes the CGCS2000 [longitude, latitude] in degrees of source coordinates (x, y) into `out`. */
export type Projector = (x: number, y: number, out: number[]) => void

/** Area term of one ring whose lon/lat degrees are at coords[from … to) (pairs), about reference meridian l0. */
function ringArea(coords: Float64Array, from: number, to: number, l0: number): number {
  let sum = 0
  for (let i = from; i + 3 < to; i += 2) {
    const l1 = coords[i]! * RAD, b1 = coords[i + 1]! * RAD, l2 = coords[i + 2]! * RAD, b2 = coords[i + 3]! * RAD
    const dl = (l1 + l2) / 2 - l0, db = b2 - b1, bm = (b1 + b2) / 2
    sum += 2 * B ** 2 * dl * (
      KA * Math.sin(db / 2) * Math.cos(bm) - KB * Math.sin((3 * db) / 2) * Math.cos(3 * bm) + KC * Math.sin((5 * db) / 2) * Math.cos(5 * bm)
      - KD * Math.sin((7 * db) / 2) * Math.cos(7 * bm) + KE * Math.sin((9 * db) / 2) * Math.cos(9 * bm))
  }
  return Math.abs(sum)
}

/** Coordinates that already are longitude/latitude. */
const lonLat: Projector = (x, y, out) => {
  out[0] = x
  out[1] = y
}

/** Inverse spherical (Web) Mercator. */
const webMercator: Projector = (x, y, out) => {
  out[0] = x / 6378137 / RAD
  out[1] = (2 * Math.atan(Math.exp(y / 6378137)) - Math.PI / 2) / RAD
}

let scratch = new Float64Array(4096)
const point = [0, 0]

/** Project every vertex once into the reused scratch buffer; returns the west edge (degrees). */
function projectAll(polygons: Position[][][], project: Projector): number {
  let n = 0
  for (const p of polygons) for (const r of p) n += 2 * r.length
  if (scratch.length < n) scratch = new Float64Array(Math.max(n, 2 * scratch.length))
  let k = 0, xmin = Infinity
  for (const p of polygons) for (const r of p) for (const q of r) {
    project(q[0]!, q[1]!, point)
    scratch[k++] = point[0]!
    scratch[k++] = point[1]!
    if (point[0]! < xmin) xmin = point[0]!
  }
  return xmin
}

/** Unrounded area in m² of polygons given in source coordinates, projected to CGCS2000 longitude/latitude. */
export function ellipsoidAreaRaw(polygons: Position[][][], project: Projector = lonLat): number {
  const l0 = projectAll(polygons, project) * RAD
  let total = 0, at = 0
  for (const p of polygons) {
    for (let i = 0; i < p.length; i++) {
      const a = ringArea(scratch, at, at + 2 * p[i]!.length, l0)
      total += i === 0 ? a : -a
      at += 2 * p[i]!.length
    }
  }
  return total
}

/** Round as `round(x::numeric, 2)` does in Postgres: 15 significant digits, then half away from zero. */
export function roundOfficial(x: number): number {
  if (x === 0 || !Number.isFinite(x)) return x
  const a = Math.abs(x)
  if (a >= 1e-3 && a < 1e13) return (x < 0 ? -1 : 1) * roundDecimal(a.toPrecision(15))
  return roundExact(x)
}

/** The fast path: the 15-digit decimal string rounded at its second decimal, in integer cents. */
function roundDecimal(text: string): number {
  const dot = text.indexOf('.')
  if (dot < 0 || text.length - dot - 1 <= 2) return Number(text)
  const cents = Number(text.slice(0, dot) + text.slice(dot + 1, dot + 3)) + (text.charCodeAt(dot + 3) >= 53 ? 1 : 0)
  return cents / 100
}

/** The general path through exact integer arithmetic, for magnitudes the fast path does not cover. */
function roundExact(x: number): number {
  const [mantissa, exponent] = Math.abs(x).toExponential(14).split('e')
  const digits = BigInt(mantissa!.replace('.', ''))
  const shift = Number(exponent) + 2 - 14
  let cents: bigint
  if (shift >= 0) cents = digits * 10n ** BigInt(shift)
  else {
    const unit = 10n ** BigInt(-shift)
    cents = digits / unit + (2n * (digits % unit) >= unit ? 1n : 0n)
  }
  const text = cents.toString().padStart(3, '0')
  return (x < 0 ? -1 : 1) * Number(`${text.slice(0, -2)}.${text.slice(-2)}`)
}

/** A projector from source coordinates in `srid` to CGCS2000 longitude/latitude, or undefined if unsupported. */
export function toLonLat(srid: number): Projector | undefined {
  if (srid === 4490 || srid === 4326) return lonLat
  if (srid === 3857) return webMercator
  const gk = gkSystem(srid)
  if (!gk) return undefined
  return (x, y, out) => inverseGaussKrugerInto(x, y, gk.centralMeridian, gk.falseEasting, out)
}

/** The official area (m², 0.01) of a polygon geometry in source coordinates; null for other geometries. */
export function officialArea(g: Geometry, project: Projector): number | null {
  const polygons = g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' ? g.coordinates : null
  if (!polygons) return null
  return roundOfficial(ellipsoidAreaRaw(polygons, project))
}

/**
 * The official area (m², 0.01) of a flat polygon geometry whose positions are already CGCS2000
 * longitude/latitude degrees (`lonLat`, e.g. the stored EPSG:4490 coordinates); null for other types.
 * Same terms and order as `officialArea`.
 */
export function officialAreaFlat(g: FlatGeometry, lonLat: Float64Array): number | null {
  if (g.type !== 'Polygon' && g.type !== 'MultiPolygon') return null
  let xmin = Infinity
  for (let i = 0; i < 2 * g.points; i += 2) if (lonLat[i]! < xmin) xmin = lonLat[i]!
  const l0 = xmin * RAD
  let total = 0, at = 0, part = 0
  for (let p = 0; p < g.groupCount; p++) {
    const rings = g.groups[p]!
    for (let i = 0; i < rings; i++) {
      const end = at + 2 * g.parts[part++]!
      const a = ringArea(lonLat, at, end, l0)
      total += i === 0 ? a : -a
      at = end
    }
  }
  return roundOfficial(total)
}
