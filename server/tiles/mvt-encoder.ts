import { fromGeojsonVt, type VtFeature } from 'vt-pbf'
import type { Geometry, Position } from 'geojson'

/** A row of the GeoJSON tile statement: fid, the tile properties, and geometry in tile coordinates. */
export type TileRow = Record<string, unknown> & { fid: number; geojson: string }

type Ring = number[][]

/** Twice the signed area of a ring by the surveyor's formula, in tile coordinates (y down). */
function signedArea(ring: Ring): number {
  let sum = 0
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) sum += (ring[j]![0]! - ring[i]![0]!) * (ring[i]![1]! + ring[j]![1]!)
  return sum
}

function withSign(ring: Ring, sign: 1 | -1): Ring {
  return Math.sign(signedArea(ring)) === sign ? ring : [...ring].reverse()
}

/**
 * MVT 2.1: an exterior ring has positive area in tile coordinates (clockwise on screen), holes
 * negative. Rings that snapped to zero area are dropped; a polygon whose exterior did is dropped.
 */
function orientPolygon(rings: Position[][]): Ring[] {
  const [outer, ...holes] = rings
  if (!outer || signedArea(outer) === 0) return []
  return [withSign(outer, 1), ...holes.filter((h) => signedArea(h) !== 0).map((h) => withSign(h, -1))]
}

/** Convert one tile-space GeoJSON geometry to vt-pbf's form; undefined when nothing is left. */
export function toVtGeometry(geometry: Geometry): Pick<VtFeature, 'type' | 'geometry'> | undefined {
  switch (geometry.type) {
    case 'Point':
      return { type: 1, geometry: [geometry.coordinates] }
    case 'MultiPoint':
      return geometry.coordinates.length ? { type: 1, geometry: geometry.coordinates } : undefined
    case 'LineString':
      return geometry.coordinates.length > 1 ? { type: 2, geometry: [geometry.coordinates] } : undefined
    case 'MultiLineString': {
      const lines = geometry.coordinates.filter((l) => l.length > 1)
      return lines.length ? { type: 2, geometry: lines } : undefined
    }
    case 'Polygon':
    case 'MultiPolygon': {
      const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates
      const rings = polygons.flatMap(orientPolygon)
      return rings.length ? { type: 3, geometry: rings } : undefined
    }
    default:
      return undefined
  }
}

function rowFeature(row: TileRow, propertyNames: string[]): VtFeature | undefined {
  const geometry = toVtGeometry(JSON.parse(row.geojson) as Geometry)
  if (!geometry) return undefined
  const tags: VtFeature['tags'] = {}
  for (const name of propertyNames) tags[name] = (row[name] ?? null) as VtFeature['tags'][string]
  return { id: Number(row.fid), ...geometry, tags }
}

/**
 * Encode one MVT layer in Node from the rows of the GeoJSON tile statement (used where the
 * database has no ST_AsMVT). Returns empty bytes when no feature survives, like ST_AsMVT.
 */
export function encodeLayer(name: string, rows: TileRow[], propertyNames: string[], extent: number): Uint8Array {
  const features = rows.flatMap((row) => rowFeature(row, propertyNames) ?? [])
  if (features.length === 0) return new Uint8Array(0)
  return fromGeojsonVt({ [name]: { features } }, { version: 2, extent })
}
