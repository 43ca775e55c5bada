import type { Geometry, Position } from '../import.types.js'

/**
 * APPROXIMATE removal of the GCJ-02 offset that Chinese internet map providers (AutoNavi/高德,
 * Tencent, Aliyun DataV) apply. The official algorithm is not public: this inverts the widely
 * circulated public approximation of it by fixed-point iteration. Expect residual errors of a few
 * metres against true CGCS2000 positions; never use it for survey data, only for data that was
 * copied from internet maps. Outside China the offset is zero and nothing changes.
 */
const A = 6378245.0
const EE = 0.00669342162296594323

function outOfChina(lon: number, lat: number): boolean {
  return lon < 72.004 || lon > 137.8347 || lat < 0.8293 || lat > 55.8271
}

function shiftLat(x: number, y: number): number {
  let r = -100 + 2 * x + 3 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x))
  r += ((20 * Math.sin(6 * x * Math.PI) + 20 * Math.sin(2 * x * Math.PI)) * 2) / 3
  r += ((20 * Math.sin(y * Math.PI) + 40 * Math.sin((y / 3) * Math.PI)) * 2) / 3
  r += ((160 * Math.sin((y / 12) * Math.PI) + 320 * Math.sin((y * Math.PI) / 30)) * 2) / 3
  return r
}

function shiftLon(x: number, y: number): number {
  let r = 300 + x + 2 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x))
  r += ((20 * Math.sin(6 * x * Math.PI) + 20 * Math.sin(2 * x * Math.PI)) * 2) / 3
  r += ((20 * Math.sin(x * Math.PI) + 40 * Math.sin((x / 3) * Math.PI)) * 2) / 3
  r += ((150 * Math.sin((x / 12) * Math.PI) + 300 * Math.sin((x / 30) * Math.PI)) * 2) / 3
  return r
}

/** The public approximation of the GCJ-02 offset at a true position, in degrees [dLon, dLat]. */
export function gcj02Offset(lon: number, lat: number): [number, number] {
  if (outOfChina(lon, lat)) return [0, 0]
  const rad = (lat / 180) * Math.PI
  const magic = 1 - EE * Math.sin(rad) ** 2
  const dLat = (shiftLat(lon - 105, lat - 35) * 180) / (((A * (1 - EE)) / (magic * Math.sqrt(magic))) * Math.PI)
  const dLon = (shiftLon(lon - 105, lat - 35) * 180) / ((A / Math.sqrt(magic)) * Math.cos(rad) * Math.PI)
  return [dLon, dLat]
}

/** A GCJ-02 position moved back to (approximately) its true position. */
export function fromGcj02([lon, lat]: Position): Position {
  let x = lon!, y = lat!
  for (let i = 0; i < 6; i++) {
    const [dx, dy] = gcj02Offset(x, y)
    const nx = lon! - dx, ny = lat! - dy
    if (Math.abs(nx - x) < 1e-11 && Math.abs(ny - y) < 1e-11) return [nx, ny]
    x = nx
    y = ny
  }
  return [x, y]
}

/** Apply `fn` to every position of a geometry, in place. */
export function mapPositions(g: Geometry, fn: (p: Position) => Position): Geometry {
  const visit = (c: unknown[]): unknown[] => (typeof c[0] === 'number' ? fn(c as Position) : c.map((p) => visit(p as unknown[])))
  return { type: g.type, coordinates: visit(g.coordinates as unknown[]) } as Geometry
}
