/**
 * The land-class field of the demo region: which 三调 class a place has, from its position.
 * Classes cluster because choices come from smooth noise (features of ~1–3 km) plus a little
 * per-patch randomness: irrigated farmland on the plain, rice near the Yellow River, vineyards
 * and scrub on the 贺兰山 piedmont, forest/grass/bare rock in the mountains, built-up land around
 * towns and villages, sand and shrubland east of the river.
 */
import { fbm, weighted } from './random.js'
import { CANAL_INDEXES, LAKES, RIVER_INDEX, RIVER_KM, TOWNS, distanceWithin, mountainFrontX, type Km } from './region.js'

export interface Place {
  /** Position in the local km grid. */
  p: Km
  /** Per-patch uniform random number. */
  u: number
  /** Distance in km to the centre of the patch's village. */
  villageKm: number
  seed: number
}

export type Zone = 'river' | 'shore' | 'lake' | 'mountain' | 'piedmont' | 'town' | 'suburb' | 'village' | 'desert' | 'plain'

type Options = readonly (readonly [string, number])[]

const ZONE_CLASSES: Record<Zone, Options> = {
  river: [['1101', 1]],
  shore: [['1106', 5], ['0402', 2], ['1108', 1], ['0101', 2], ['0307', 1]],
  lake: [['1102', 1]],
  mountain: [['0305', 4], ['0404', 3], ['1207', 3], ['0301', 2], ['0401', 2]],
  piedmont: [['0404', 4], ['0201', 3], ['0103', 2], ['0305', 1.5], ['1206', 1], ['0102', 1.5], ['0602', 0.4]],
  town: [['0701', 8], ['05H1', 3], ['1004', 2], ['08H2', 1.5], ['0810', 1.5], ['08H1', 0.6], ['0809', 0.6], ['0601', 1], ['0508', 0.6], ['09', 0.2]],
  suburb: [['0102', 5], ['0601', 3], ['0701', 2], ['0508', 1], ['1202', 1], ['0702', 1], ['1004', 1], ['0810', 0.5], ['1104', 0.4]],
  village: [['0702', 7], ['0102', 2], ['1006', 1], ['0809', 0.3], ['1202', 0.6]],
  desert: [['0404', 4], ['1205', 2.5], ['0305', 2], ['0102', 2], ['0401', 1], ['0602', 0.4], ['1204', 0.4]],
  plain: [['0102', 14], ['0101', 3], ['1104', 0.6], ['1104A', 0.4], ['1107', 0.8], ['1006', 0.8], ['1202', 0.6], ['0201', 0.5], ['0307', 0.5], ['0403', 0.2], ['1204', 0.3], ['0201K', 0.15], ['0301K', 0.1], ['1003', 0.2], ['1109', 0.05]],
}

/** How far (km) a place lies from the river centre line, the lakes, the towns and the canals. */
function distances(p: Km) {
  const river = distanceWithin(p, RIVER_INDEX, 10)
  const lake = Math.min(...LAKES.map((l) => Math.hypot(p[0] - l.centre[0], p[1] - l.centre[1]) / l.radius))
  const town = Math.min(...TOWNS.map((t) => Math.hypot(p[0] - t.centre[0], p[1] - t.centre[1]) / t.radius))
  return { river, lake, town }
}

/** The landscape zone of a place; noise makes the zone edges irregular. */
export function zoneOf(place: Place): Zone {
  const { p, seed } = place
  const n = fbm(seed, 11, p[0], p[1], 4)
  const d = distances(p)
  const riverHalfWidth = 0.3 + 0.35 * fbm(seed, 13, p[0], p[1], 6)
  if (d.river < riverHalfWidth) return 'river'
  if (d.lake < 0.75 + 0.3 * n) return 'lake'
  if (d.river < riverHalfWidth + 0.4 + 1.2 * n || d.lake < 1.15 + 0.3 * n) return 'shore'
  const front = mountainFrontX(p[1]) + 3 * (n - 0.5)
  if (p[0] < front) return 'mountain'
  if (d.town < 0.85 + 0.3 * n) return 'town'
  if (d.town < 1.35 + 0.4 * n) return 'suburb'
  if (p[0] < front + 5 + 4 * n) return 'piedmont'
  if (place.villageKm < 0.22 + 0.25 * n) return 'village'
  if (eastOfRiver(p, 3 + 4 * n)) return 'desert'
  return 'plain'
}

/** True when the place is more than `km` east of the river. */
function eastOfRiver(p: Km, km: number): boolean {
  const shifted: Km = [p[0] - km, p[1]]
  return sideOfRiver(shifted) > 0 && sideOfRiver(p) > 0
}

function sideOfRiver(p: Km): number {
  let best = Infinity
  let side = 0
  for (let i = 1; i < RIVER_KM.length; i++) {
    const [a, b] = [RIVER_KM[i - 1], RIVER_KM[i]]
    if (p[1] < a[1] || p[1] > b[1]) continue
    const t = (p[1] - a[1]) / (b[1] - a[1] || 1)
    const x = a[0] + t * (b[0] - a[0])
    if (Math.abs(p[0] - x) < best) [best, side] = [Math.abs(p[0] - x), Math.sign(p[0] - x)]
  }
  return side
}

/** The patch's land class: a zone, then a class within it chosen by clustered noise. */
export function classify(place: Place): string {
  const zone = zoneOf(place)
  const near = distanceWithin(place.p, RIVER_INDEX, 10)
  let options = ZONE_CLASSES[zone]
  if (zone === 'plain' && near < 6) options = [...options, ['0101', 6]]
  if (zone === 'plain' && nearCanal(place.p)) options = [['1107', 3], ...options]
  return weighted(clusteredUnit(place), options)
}

function nearCanal(p: Km): boolean {
  return CANAL_INDEXES.some((c) => distanceWithin(p, c, 0.12) < 0.12)
}

/** Mostly the smooth noise (so neighbours agree), a little per-patch randomness. */
function clusteredUnit(place: Place): number {
  const f = fbm(place.seed, 29, place.p[0], place.p[1], 1.6, 3)
  const x = (f - 0.5) / 0.11 + 0.7 * (place.u - 0.5)
  return Math.min(0.999999, Math.max(0, normalCdf(x)))
}

/** Standard normal CDF (Abramowitz–Stegun 26.2.17), enough to flatten the noise histogram. */
export function normalCdf(x: number): number {
  const t = 1 / (1 + 0.2316419 * Math.abs(x))
  const d = 0.3989423 * Math.exp((-x * x) / 2)
  const p = d * t * (0.3193815 + t * (-0.3565638 + t * (1.781478 + t * (-1.821256 + t * 1.330274))))
  return x > 0 ? 1 - p : p
}

/** Slope grade GDPDJB for cultivated land: flat on the plain, steeper toward the mountains. */
export function slopeGrade(place: Place): number {
  const fromFront = place.p[0] - mountainFrontX(place.p[1])
  const u = place.u
  if (fromFront < 4) return u < 0.3 ? 2 : u < 0.7 ? 3 : 4
  if (fromFront < 12) return u < 0.5 ? 1 : u < 0.85 ? 2 : 3
  return u < 0.93 ? 1 : 2
}
