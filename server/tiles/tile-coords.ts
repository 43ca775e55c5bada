import { BadRequestError } from '../errors/problem.js'

/** Highest zoom served and advertised in TileJSON; beyond it clients overzoom. */
export const MAX_ZOOM = 22

/** Half the width of the Web Mercator square, in metres (EPSG:3857 bounds). */
const WORLD_HALF = 20037508.342789244

/** One XYZ tile address (Web Mercator, y counted from the north). */
export interface TileAddress {
  z: number
  x: number
  y: number
}

function parseIndex(name: string, raw: string): number {
  if (!/^\d{1,8}$/.test(raw)) throw new BadRequestError(`Tile ${name} "${raw}" is not a whole number; tile URLs look like /tiles/{layer}/{z}/{x}/{y}.mvt.`)
  return Number(raw)
}

/**
 * Parse and check z/x/y from a tile URL. `yFile` is the last path segment, e.g. "1234.mvt".
 * Anything out of range is a 400 naming the problem.
 */
export function parseTileAddress(zRaw: string, xRaw: string, yFile: string): TileAddress {
  if (!yFile.endsWith('.mvt')) throw new BadRequestError(`Tile "${yFile}" must end in .mvt (Mapbox Vector Tile); only .mvt is served.`)
  const z = parseIndex('zoom', zRaw)
  if (z > MAX_ZOOM) throw new BadRequestError(`Zoom ${z} is above the highest served zoom ${MAX_ZOOM}.`)
  const x = parseIndex('x', xRaw)
  const y = parseIndex('y', yFile.slice(0, -'.mvt'.length))
  const size = 2 ** z
  if (x >= size) throw new BadRequestError(`Tile x ${x} is outside zoom ${z}, where x runs from 0 to ${size - 1}.`)
  if (y >= size) throw new BadRequestError(`Tile y ${y} is outside zoom ${z}, where y runs from 0 to ${size - 1}.`)
  return { z, x, y }
}

/** Width of one tile at zoom z, in Web Mercator metres. */
export function tileSpan(z: number): number {
  return (2 * WORLD_HALF) / 2 ** z
}

function lonOf(mercX: number): number {
  return (mercX / WORLD_HALF) * 180
}

function latOf(mercY: number): number {
  return (Math.atan(Math.exp((mercY / WORLD_HALF) * Math.PI)) * 360) / Math.PI - 90
}

/**
 * Longitude/latitude bounds [w, s, e, n] of a tile grown by `margin` (a fraction of the tile),
 * for comparing with catalog extents (EPSG:4490 differs from WGS 84 by far less than a tile buffer).
 */
export function tileLonLatBounds({ z, x, y }: TileAddress, margin: number): [number, number, number, number] {
  const span = tileSpan(z)
  const grow = span * margin
  const minX = -WORLD_HALF + x * span - grow
  const maxY = WORLD_HALF - y * span + grow
  return [lonOf(minX), latOf(maxY - span - 2 * grow), lonOf(minX + span + 2 * grow), latOf(maxY)]
}

/** Whether two [w, s, e, n] boxes overlap (touching counts). */
export function boxesOverlap(a: readonly number[], b: readonly number[]): boolean {
  return a[0]! <= b[2]! && b[0]! <= a[2]! && a[1]! <= b[3]! && b[1]! <= a[3]!
}

/** The XYZ tile containing a longitude/latitude at zoom z (clamped to the grid). */
export function tileAtLonLat(lon: number, lat: number, z: number): TileAddress {
  const n = 2 ** z
  const r = (Math.max(-85.0511, Math.min(85.0511, lat)) * Math.PI) / 180
  const clamp = (v: number) => Math.min(n - 1, Math.max(0, Math.floor(v)))
  return { z, x: clamp(((lon + 180) / 360) * n), y: clamp(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n) }
}
