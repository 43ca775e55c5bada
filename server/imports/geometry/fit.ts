import type { GeometryType } from '../../catalog/catalog.types.js'
import type { FeatureIssue, Geometry } from '../import.types.js'

const FAMILY: Record<Geometry['type'], string> = {
  Point: 'point', MultiPoint: 'point', LineString: 'line', MultiLineString: 'line', Polygon: 'polygon', MultiPolygon: 'polygon',
}
const MULTI = { Point: 'MultiPoint', LineString: 'MultiLineString', Polygon: 'MultiPolygon' } as const

/** Result of fitting a geometry to the layer's type: the geometry, or why it cannot fit. */
export type Fitted = { geometry: Geometry } | { refused: FeatureIssue }

/**
 * The type a geometry of `type` with `members` parts becomes in a `layerType` layer: singles are
 * wrapped in a Multi, a Multi with one part is unwrapped for a single-type layer. A geometry of
 * another family, or a Multi with several parts for a single-type layer, is refused with a reason.
 */
export function fitType(type: Geometry['type'], members: number, layerType: GeometryType): { type: Geometry['type'] } | { refused: FeatureIssue } {
  if (type === layerType) return { type }
  if (FAMILY[type] !== FAMILY[layerType]) {
    return { refused: { code: 'wrong_geometry_type', message: `A ${type} cannot be stored in a ${layerType} layer.`, severity: 'error' } }
  }
  if (layerType.startsWith('Multi')) return { type: MULTI[type as keyof typeof MULTI] }
  if (members === 1) return { type: layerType }
  return { refused: { code: 'multi_in_single_layer', message: `A ${type} with ${members} parts cannot be stored in a ${layerType} layer; import with mode replace to rebuild the layer as Multi${layerType}.`, severity: 'error' } }
}

/** fitType applied to a geometry in GeoJSON layout. */
export function fitToLayer(g: Geometry, layerType: GeometryType): Fitted {
  const parts = (g as { coordinates: unknown[] }).coordinates
  const fitted = fitType(g.type, g.type.startsWith('Multi') ? parts.length : 1, layerType)
  if ('refused' in fitted) return fitted
  if (fitted.type === g.type) return { geometry: g }
  if (fitted.type.startsWith('Multi')) return { geometry: { type: fitted.type, coordinates: [g.coordinates] } as Geometry }
  return { geometry: { type: fitted.type, coordinates: parts[0] } as Geometry }
}
