import type { GeometryType } from '../../catalog/catalog.types.js'
import type { FeatureIssue, Geometry } from '../import.types.js'

const FAMILY: Record<Geometry['type'], string> = {
  Point: 'point', MultiPoint: 'point', LineString: 'line', MultiLineString: 'line', Polygon: 'polygon', MultiPolygon: 'polygon',
}
const MULTI = { Point: 'MultiPoint', LineString: 'MultiLineString', Polygon: 'MultiPolygon' } as const

/** Result of fitting a geometry to the layer's type: the geometry, or why it cannot fit. */
export type Fitted = { geometry: Geometry } | { refused: FeatureIssue }

/**
 * Normalise single/multi to the layer's geometry type: singles are wrapped in a Multi, a Multi with
 * one part is unwrapped for a single-type layer. A geometry of another family, or a Multi with
 * several parts for a single-type layer, cannot be stored and is refused with a reason.
 */
export function fitToLayer(g: Geometry, layerType: GeometryType): Fitted {
  if (g.type === layerType) return { geometry: g }
  if (FAMILY[g.type] !== FAMILY[layerType]) {
    return { refused: { code: 'wrong_geometry_type', message: `A ${g.type} cannot be stored in a ${layerType} layer.`, severity: 'error' } }
  }
  if (layerType.startsWith('Multi')) return { geometry: { type: MULTI[g.type as keyof typeof MULTI], coordinates: [g.coordinates] } as Geometry }
  const parts = (g as { coordinates: unknown[] }).coordinates
  if (parts.length === 1) return { geometry: { type: layerType, coordinates: parts[0] } as Geometry }
  return { refused: { code: 'multi_in_single_layer', message: `A ${g.type} with ${parts.length} parts cannot be stored in a ${layerType} layer; import with mode replace to rebuild the layer as Multi${layerType}.`, severity: 'error' } }
}
