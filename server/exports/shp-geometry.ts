import type { Geometry, Position } from 'geojson'
import type { GeometryType } from '../catalog/catalog.types.js'
import { BadRequestError } from '../errors/problem.js'

/** ESRI shape types written (2D only). */
export const SHAPE = { NULL: 0, POINT: 1, POLYLINE: 3, POLYGON: 5, MULTIPOINT: 8 } as const
export type ShapeType = (typeof SHAPE)[keyof typeof SHAPE]

const SHAPE_FOR_LAYER: Record<GeometryType, ShapeType> = {
  Point: SHAPE.POINT,
  MultiPoint: SHAPE.MULTIPOINT,
  LineString: SHAPE.POLYLINE,
  MultiLineString: SHAPE.POLYLINE,
  Polygon: SHAPE.POLYGON,
  MultiPolygon: SHAPE.POLYGON,
}

/** The one shape type a layer's shapefile uses. */
export function shapeTypeFor(geometryType: GeometryType): ShapeType {
  return SHAPE_FOR_LAYER[geometryType]
}

/** A geometry reduced to what a shape record holds: parts of points. */
export interface ShapeParts {
  parts: Position[][]
}

/**
 * The parts of `geometry` for a record of `shapeType`, or null for a null shape. Polygon rings
 * are oriented as the ESRI specification requires: outer rings clockwise, holes counter-clockwise;
 * a MultiPolygon becomes one record with all its rings. A geometry that does not fit the shape
 * type is refused, since one shapefile holds one type.
 */
export function shapeParts(geometry: Geometry | null, shapeType: ShapeType): ShapeParts | null {
  if (!geometry) return null
  const parts = partsOf(geometry, shapeType)
  if (parts === undefined) throw mixedTypes(geometry.type, shapeType)
  const nonEmpty = parts.filter((p) => p.length > 0)
  if (nonEmpty.length === 0) return null
  if (shapeType === SHAPE.POINT && nonEmpty[0].length !== 1) throw mixedTypes(`${geometry.type} of several points`, shapeType)
  return { parts: nonEmpty }
}

function partsOf(geometry: Geometry, shapeType: ShapeType): Position[][] | undefined {
  const t = geometry.type
  if (shapeType === SHAPE.POINT || shapeType === SHAPE.MULTIPOINT) {
    if (t === 'Point') return [geometry.coordinates.length ? [geometry.coordinates] : []]
    if (t === 'MultiPoint') return [geometry.coordinates]
  }
  if (shapeType === SHAPE.POLYLINE) {
    if (t === 'LineString') return [geometry.coordinates]
    if (t === 'MultiLineString') return geometry.coordinates
  }
  if (shapeType === SHAPE.POLYGON) {
    if (t === 'Polygon') return orientPolygon(geometry.coordinates)
    if (t === 'MultiPolygon') return geometry.coordinates.flatMap(orientPolygon)
  }
  return undefined
}

function orientPolygon(rings: Position[][]): Position[][] {
  return rings.map((ring, i) => {
    const clockwise = signedArea(ring) < 0
    return clockwise === (i === 0) ? ring : [...ring].reverse()
  })
}

/** Shoelace sum: positive for counter-clockwise rings with x east and y north. */
function signedArea(ring: Position[]): number {
  if (ring.length === 0) return 0
  // Relative to the first vertex: Gauss-Krüger eastings (35 500 000 m) would otherwise swamp the products.
  const [x0, y0] = ring[0]
  let sum = 0
  for (let i = 0; i + 1 < ring.length; i++) {
    sum += (ring[i][0] - x0) * (ring[i + 1][1] - y0) - (ring[i + 1][0] - x0) * (ring[i][1] - y0)
  }
  return sum / 2
}

function mixedTypes(found: string, shapeType: ShapeType): BadRequestError {
  const expected = Object.entries(SHAPE).find(([, v]) => v === shapeType)?.[0] ?? String(shapeType)
  return new BadRequestError(
    `A shapefile holds one geometry type; this export's ${expected} shapefile cannot hold a ${found}. Export as GeoJSON or CSV, or filter to one geometry type.`,
  )
}
