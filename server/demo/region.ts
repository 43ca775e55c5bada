/**
 * The demo region: part of the 银川 plain in Ningxia, 105.9–106.6°E, 38.1–38.7°N. The generator
 * works in a local kilometre grid (an equirectangular projection about 38.4°N, accurate enough to
 * place things); only the final coordinates are converted to CGCS2000 longitude/latitude.
 */
export const REGION = { west: 105.9, south: 38.1, east: 106.6, north: 38.7 } as const

/** Kilometres per degree at the region's middle latitude. */
const KM_PER_DEG_LON = 111.32 * Math.cos((38.4 * Math.PI) / 180)
const KM_PER_DEG_LAT = 110.99

export const WIDTH_KM = (REGION.east - REGION.west) * KM_PER_DEG_LON
export const HEIGHT_KM = (REGION.north - REGION.south) * KM_PER_DEG_LAT

export type Km = readonly [number, number]

export function toKm(lon: number, lat: number): [number, number] {
  return [(lon - REGION.west) * KM_PER_DEG_LON, (lat - REGION.south) * KM_PER_DEG_LAT]
}

export function toLonLat(x: number, y: number): [number, number] {
  return [REGION.west + x / KM_PER_DEG_LON, REGION.south + y / KM_PER_DEG_LAT]
}

/** A county of the region with its real GB/T 2260 code and a point its territory grows from. */
export interface CountyDef {
  code: string
  name: string
  /** Urban districts have 街道 and 社区; counties have 镇, 乡 and 村. */
  urban: boolean
  centre: Km
  /** Larger weight ⇒ larger territory in the weighted-nearest assignment. */
  weight: number
}

export const COUNTIES: readonly CountyDef[] = [
  { code: '640104', name: '兴庆区', urban: true, centre: toKm(106.36, 38.46), weight: 1.0 },
  { code: '640105', name: '西夏区', urban: true, centre: toKm(106.03, 38.50), weight: 1.15 },
  { code: '640106', name: '金凤区', urban: true, centre: toKm(106.21, 38.44), weight: 0.7 },
  { code: '640121', name: '永宁县', urban: false, centre: toKm(106.17, 38.24), weight: 1.15 },
  { code: '640122', name: '贺兰县', urban: false, centre: toKm(106.33, 38.63), weight: 1.0 },
  { code: '640181', name: '灵武市', urban: false, centre: toKm(106.47, 38.18), weight: 1.1 },
]

/** A town: the city and the county seats and market towns, which drive 建设用地 and 城镇开发边界. */
export interface TownDef {
  name: string
  kind: '城市' | '镇'
  centre: Km
  /** Radius of the built-up core in km. */
  radius: number
}

export const TOWNS: readonly TownDef[] = [
  { name: '银川市', kind: '城市', centre: toKm(106.25, 38.475), radius: 6.5 },
  { name: '永宁县城', kind: '镇', centre: toKm(106.25, 38.28), radius: 2.2 },
  { name: '贺兰县城', kind: '镇', centre: toKm(106.35, 38.555), radius: 2.2 },
  { name: '灵武市区', kind: '镇', centre: toKm(106.34, 38.11), radius: 2.4 },
  { name: '镇北堡镇', kind: '镇', centre: toKm(106.06, 38.61), radius: 1.0 },
  { name: '望远镇', kind: '镇', centre: toKm(106.33, 38.36), radius: 1.1 },
  { name: '习岗镇', kind: '镇', centre: toKm(106.42, 38.60), radius: 0.9 },
  { name: '临河镇', kind: '镇', centre: toKm(106.52, 38.27), radius: 0.9 },
  { name: '闽宁镇', kind: '镇', centre: toKm(106.02, 38.27), radius: 1.0 },
  { name: '通贵乡', kind: '镇', centre: toKm(106.47, 38.50), radius: 0.7 },
]

/** The Yellow River centre line, SSW→NNE, as control points (lon, lat). */
const RIVER_POINTS: readonly [number, number][] = [
  [106.28, 38.08], [106.33, 38.17], [106.37, 38.26], [106.41, 38.34], [106.45, 38.42],
  [106.48, 38.50], [106.50, 38.58], [106.53, 38.66], [106.56, 38.72],
]

/** The river centre line in km, densified with a gentle meander. */
export const RIVER_KM: readonly Km[] = densify(RIVER_POINTS.map(([lon, lat]) => toKm(lon, lat)), 0.4, 0.9)

export const RIVER_INDEX = indexLine(RIVER_KM)

/** Main irrigation canals (real names of the 银川 plain), roughly parallel to the river. */
export const CANALS: readonly { name: string; line: readonly Km[] }[] = [
  { name: '唐徕渠', line: densify([[106.08, 38.08], [106.14, 38.25], [106.19, 38.40], [106.22, 38.55], [106.26, 38.72]].map(([a, b]) => toKm(a, b)), 0.5, 0.25) },
  { name: '汉延渠', line: densify([[106.22, 38.08], [106.26, 38.25], [106.30, 38.40], [106.33, 38.52], [106.37, 38.72]].map(([a, b]) => toKm(a, b)), 0.5, 0.2) },
  { name: '惠农渠', line: densify([[106.27, 38.08], [106.32, 38.22], [106.38, 38.36], [106.42, 38.50], [106.47, 38.72]].map(([a, b]) => toKm(a, b)), 0.5, 0.2) },
  { name: '西干渠', line: densify([[105.98, 38.10], [106.02, 38.30], [106.05, 38.48], [106.10, 38.70]].map(([a, b]) => toKm(a, b)), 0.5, 0.15) },
  { name: '典农河', line: densify([[106.20, 38.30], [106.24, 38.42], [106.29, 38.55], [106.33, 38.70]].map(([a, b]) => toKm(a, b)), 0.5, 0.3) },
]

export const CANAL_INDEXES: readonly LineIndex[] = CANALS.map((c) => indexLine(c.line))

/** Lakes and wetlands of the plain (阅海, 鸣翠湖, 宝湖…): centre and radius in km. */
export const LAKES: readonly { name: string; centre: Km; radius: number }[] = [
  { name: '阅海湖', centre: toKm(106.21, 38.53), radius: 1.6 },
  { name: '鸣翠湖', centre: toKm(106.38, 38.52), radius: 1.3 },
  { name: '宝湖', centre: toKm(106.27, 38.45), radius: 0.6 },
  { name: '黄沙古渡湿地', centre: toKm(106.52, 38.54), radius: 1.1 },
  { name: '鹤泉湖', centre: toKm(106.26, 38.30), radius: 0.7 },
]

/** Longitude of the 贺兰山 mountain front at a latitude: the mountains lie west of it. */
export function mountainFrontX(yKm: number): number {
  const lat = toLonLat(0, yKm)[1]
  return toKm(105.93 + 0.26 * (lat - REGION.south), lat)[0]
}

/** Distance in km from a point to a polyline. */
export function distanceToLine(p: Km, line: readonly Km[]): number {
  let best = Infinity
  for (let i = 1; i < line.length; i++) best = Math.min(best, distanceToSegment(p, line[i - 1], line[i]))
  return best
}

/** A polyline with its segments bucketed by 1 km bands of y, for fast nearby-distance queries. */
export interface LineIndex { line: readonly Km[]; bands: Map<number, number[]> }

export function indexLine(line: readonly Km[]): LineIndex {
  const bands = new Map<number, number[]>()
  for (let i = 1; i < line.length; i++) {
    const lo = Math.floor(Math.min(line[i - 1][1], line[i][1]))
    const hi = Math.floor(Math.max(line[i - 1][1], line[i][1]))
    for (let b = lo; b <= hi; b++) bands.set(b, [...(bands.get(b) ?? []), i])
  }
  return { line, bands }
}

/** Distance to an indexed polyline, capped at `cutoff` km (segments further away are not looked at). */
export function distanceWithin(p: Km, index: LineIndex, cutoff: number): number {
  let best = cutoff
  const seen = new Set<number>()
  for (let b = Math.floor(p[1] - cutoff); b <= Math.floor(p[1] + cutoff); b++) {
    for (const i of index.bands.get(b) ?? []) {
      if (seen.has(i)) continue
      seen.add(i)
      best = Math.min(best, distanceToSegment(p, index.line[i - 1], index.line[i]))
    }
  }
  return best
}

function distanceToSegment(p: Km, a: Km, b: Km): number {
  const dx = b[0] - a[0]
  const dy = b[1] - a[1]
  const len2 = dx * dx + dy * dy
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2))
  return Math.hypot(p[0] - a[0] - t * dx, p[1] - a[1] - t * dy)
}

/** Insert points every `step` km, offset sideways by a smooth meander of amplitude `amp` km. */
function densify(points: readonly Km[], step: number, amp: number): Km[] {
  const out: Km[] = []
  let travelled = 0
  for (let i = 1; i < points.length; i++) {
    const [a, b] = [points[i - 1], points[i]]
    const len = Math.hypot(b[0] - a[0], b[1] - a[1])
    const n = Math.max(1, Math.round(len / step))
    const [nx, ny] = [-(b[1] - a[1]) / len, (b[0] - a[0]) / len]
    for (let k = 0; k < n; k++) {
      const t = k / n
      const off = amp * Math.sin((travelled + t * len) / 3.1) * Math.cos((travelled + t * len) / 7.3)
      out.push([a[0] + t * (b[0] - a[0]) + nx * off, a[1] + t * (b[1] - a[1]) + ny * off])
    }
    travelled += len
  }
  out.push(points[points.length - 1])
  return out
}

/** Distance to the nearest town centre in units of that town's radius (< 1: inside the built-up core). */
export function townRatio(p: Km): number {
  let best = Infinity
  for (const t of TOWNS) best = Math.min(best, Math.hypot(p[0] - t.centre[0], p[1] - t.centre[1]) / t.radius)
  return best
}

/** Index of the town nearest in radius units. */
export function nearestTown(p: Km): number {
  let best = 0
  TOWNS.forEach((t, k) => {
    const b = TOWNS[best]
    if (Math.hypot(p[0] - t.centre[0], p[1] - t.centre[1]) / t.radius < Math.hypot(p[0] - b.centre[0], p[1] - b.centre[1]) / b.radius) best = k
  })
  return best
}
