import type { Geometry, Position } from '../import.types.js'
import { gkSystem } from '../detect/gauss-kruger-zones.js'
import { inverseGaussKruger } from './gauss-kruger.js'

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

function ringArea(ring: Position[], l0: number): number {
  let sum = 0
  for (let i = 0; i + 1 < ring.length; i++) {
    const l1 = ring[i]![0]! * RAD, b1 = ring[i]![1]! * RAD, l2 = ring[i + 1]![0]! * RAD, b2 = ring[i + 1]![1]! * RAD
    const dl = (l1 + l2) / 2 - l0, db = b2 - b1, bm = (b1 + b2) / 2
    sum += 2 * B ** 2 * dl * (
      KA * Math.sin(db / 2) * Math.cos(bm) - KB * Math.sin((3 * db) / 2) * Math.cos(3 * bm) + KC * Math.sin((5 * db) / 2) * Math.cos(5 * bm)
      - KD * Math.sin((7 * db) / 2) * Math.cos(7 * bm) + KE * Math.sin((9 * db) / 2) * Math.cos(9 * bm))
  }
  return Math.abs(sum)
}

/** Unrounded area in m² of polygons given in longitude/latitude degrees (CGCS2000). */
export function ellipsoidAreaRaw(polygons: Position[][][]): number {
  let xmin = Infinity
  for (const p of polygons) for (const r of p) for (const q of r) if (q[0]! < xmin) xmin = q[0]!
  const l0 = xmin * RAD
  let total = 0
  for (const p of polygons) p.forEach((ring, i) => (total += i === 0 ? ringArea(ring, l0) : -ringArea(ring, l0)))
  return total
}

/** Round as `round(x::numeric, 2)` does in Postgres: 15 significant digits, then half away from zero. */
export function roundOfficial(x: number): number {
  if (x === 0 || !Number.isFinite(x)) return x
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

/** A function turning source coordinates into CGCS2000 longitude/latitude, or undefined if unsupported. */
export function toLonLat(srid: number): ((p: Position) => Position) | undefined {
  if (srid === 4490 || srid === 4326) return (p) => p
  if (srid === 3857) return ([x, y]) => [(x! / 6378137) / RAD, (2 * Math.atan(Math.exp(y! / 6378137)) - Math.PI / 2) / RAD]
  const gk = gkSystem(srid)
  if (!gk) return undefined
  return ([x, y]) => inverseGaussKruger(x!, y!, gk.centralMeridian, gk.falseEasting)
}

/** The official area (m², 0.01) of a polygon geometry in `srid`; null for other geometries. */
export function officialArea(g: Geometry, project: (p: Position) => Position): number | null {
  const polygons = g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' ? g.coordinates : null
  if (!polygons) return null
  return roundOfficial(ellipsoidAreaRaw(polygons.map((p) => p.map((r) => r.map(project)))))
}
