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

/** Gauss-Krüger easting/northing (metres, false easting included) to [longitude, latitude] in degrees. */
export function inverseGaussKruger(easting: number, northing: number, centralMeridian: number, falseEasting: number): [number, number] {
  const xi = northing / RECTIFYING
  const eta = (easting - falseEasting) / RECTIFYING
  let xi1 = xi, eta1 = eta
  for (let j = 1; j <= 6; j++) {
    xi1 -= BETA[j - 1]! * Math.sin(2 * j * xi) * Math.cosh(2 * j * eta)
    eta1 -= BETA[j - 1]! * Math.cos(2 * j * xi) * Math.sinh(2 * j * eta)
  }
  const chi = Math.asin(Math.sin(xi1) / Math.cosh(eta1))
  let phi = chi
  for (let j = 1; j <= 6; j++) phi += DELTA[j - 1]! * Math.sin(2 * j * chi)
  const lambda = Math.atan2(Math.sinh(eta1), Math.cos(xi1))
  return [centralMeridian + (lambda * 180) / Math.PI, (phi * 180) / Math.PI]
}
