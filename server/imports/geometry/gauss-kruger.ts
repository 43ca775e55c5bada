/**
 * Inverse Transverse Mercator (Gauss-Krüger) on the CGCS2000 ellipsoid by Krüger's series in n to
 * sixth order (Karney 2011, "Transverse Mercator with an accuracy of a few nanometers"), the same
 * method PROJ uses. Only used to compute official areas in the import stream; the stored
 * geometry is transformed by PostGIS.
 */
const A_AXIS = 6378137
const F = 1 / 298.257222101
const N = F / (2 - F)
const N2 = N * N, N3 = N2 * N, N4 = N3 * N, N5 = N4 * N, N6 = N5 * N
const RECTIFYING = (A_AXIS / (1 + N)) * (1 + N2 / 4 + N4 / 64 + N6 / 256)

const BETA = [
  N / 2 - (2 * N2) / 3 + (37 * N3) / 96 - N4 / 360 - (81 * N5) / 512 + (96199 * N6) / 604800,
  N2 / 48 + N3 / 15 - (437 * N4) / 1440 + (46 * N5) / 105 - (1118711 * N6) / 3870720,
  (17 * N3) / 480 - (37 * N4) / 840 - (209 * N5) / 4480 + (5569 * N6) / 90720,
  (4397 * N4) / 161280 - (11 * N5) / 504 - (830251 * N6) / 7257600,
  (4583 * N5) / 161280 - (108847 * N6) / 3991680,
  (20648693 * N6) / 638668800,
]

const DELTA = [
  2 * N - (2 * N2) / 3 - 2 * N3 + (116 * N4) / 45 + (26 * N5) / 45 - (2854 * N6) / 675,
  (7 * N2) / 3 - (8 * N3) / 5 - (227 * N4) / 45 + (2704 * N5) / 315 + (2323 * N6) / 945,
  (56 * N3) / 15 - (136 * N4) / 35 - (1262 * N5) / 105 + (73814 * N6) / 2835,
  (4279 * N4) / 630 - (332 * N5) / 35 - (399572 * N6) / 14175,
  (4174 * N5) / 315 - (144838 * N6) / 6237,
  (601676 * N6) / 22275,
]

/** Σ c[j-1]·sin(2jθ) for j = 1..6 by Clenshaw summation, from sin(2θ) and cos(2θ). */
function sinSeries(c: number[], sin2: number, cos2: number): number {
  const a = 2 * cos2
  let y1 = 0, y2 = 0
  for (let k = c.length - 1; k >= 0; k--) {
    const y = c[k]! + a * y1 - y2
    y2 = y1
    y1 = y
  }
  return y1 * sin2
}

/**
 * Gauss-Krüger easting/northing (metres, false easting included) to [longitude, latitude] in degrees.
 * The series in the complex variable ζ = ξ + iη is summed by complex Clenshaw recurrence, so each
 * point costs a handful of transcendental calls instead of one per term.
 */
export function inverseGaussKruger(easting: number, northing: number, centralMeridian: number, falseEasting: number): [number, number] {
  const out = [0, 0]
  inverseGaussKrugerInto(easting, northing, centralMeridian, falseEasting, out)
  return [out[0]!, out[1]!]
}

/** inverseGaussKruger writing [longitude, latitude] into `out` (no allocation in the import stream). */
export function inverseGaussKrugerInto(easting: number, northing: number, centralMeridian: number, falseEasting: number, out: number[]): void {
  const xi = northing / RECTIFYING
  const eta = (easting - falseEasting) / RECTIFYING
  const s2 = Math.sin(2 * xi), c2 = Math.cos(2 * xi), e2 = Math.exp(2 * eta)
  const sh2 = (e2 - 1 / e2) / 2, ch2 = (e2 + 1 / e2) / 2
  // a = 2·cos(2ζ) = 2(cos2ξ·cosh2η − i·sin2ξ·sinh2η)
  const ar = 2 * c2 * ch2, ai = -2 * s2 * sh2
  let yr = 0, yi = 0, zr = 0, zi = 0
  for (let k = BETA.length - 1; k >= 0; k--) {
    const nr = BETA[k]! + ar * yr - ai * yi - zr
    const ni = ar * yi + ai * yr - zi
    zr = yr
    zi = yi
    yr = nr
    yi = ni
  }
  // Σ β_j sin(2jζ) = y₁·sin(2ζ), sin(2ζ) = sin2ξ·cosh2η + i·cos2ξ·sinh2η
  const sr = s2 * ch2, si = c2 * sh2
  const xi1 = xi - (yr * sr - yi * si)
  const eta1 = eta - (yr * si + yi * sr)
  const e1 = Math.exp(eta1)
  const sinhEta1 = (e1 - 1 / e1) / 2, coshEta1 = (e1 + 1 / e1) / 2
  // χ (conformal latitude) from sin χ; sin 2χ and cos 2χ follow algebraically (two fewer calls per point).
  const s = Math.sin(xi1) / coshEta1, c = Math.sqrt((1 - s) * (1 + s))
  const phi = Math.asin(s) + sinSeries(DELTA, 2 * s * c, (c - s) * (c + s))
  const lambda = Math.atan2(sinhEta1, Math.cos(xi1))
  out[0] = centralMeridian + (lambda * 180) / Math.PI
  out[1] = (phi * 180) / Math.PI
}
