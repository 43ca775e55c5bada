import type { AttributeType, LayerEntry } from '../catalog/catalog.types.js'
import { MAX_ZOOM } from './tile-coords.js'
import { tileAttributes } from './tile-sql.js'

const FIELD_TYPES: Record<AttributeType, 'String' | 'Number' | 'Boolean'> = {
  text: 'String',
  integer: 'Number',
  bigint: 'Number',
  number: 'Number',
  decimal: 'Number',
  boolean: 'Boolean',
  date: 'String',
  timestamp: 'String',
}

/** Whole Web Mercator world in lon/lat, for layers without an extent yet. */
const WORLD: [number, number, number, number] = [-180, -85.0511, 180, 85.0511]

/** The TileJSON 3.0.0 document OneMap serves (schema for the route's 200 response). */
export const tileJsonSchema = {
  type: 'object',
  required: ['tilejson', 'tiles', 'vector_layers'],
  properties: {
    tilejson: { type: 'string' },
    name: { type: 'string' },
    description: { type: 'string' },
    scheme: { type: 'string' },
    format: { type: 'string' },
    tiles: { type: 'array', items: { type: 'string' } },
    minzoom: { type: 'integer' },
    maxzoom: { type: 'integer' },
    bounds: { type: 'array', items: { type: 'number' } },
    center: { type: 'array', items: { type: 'number' } },
    vector_layers: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          id: { type: 'string' },
          description: { type: 'string' },
          minzoom: { type: 'integer' },
          maxzoom: { type: 'integer' },
          fields: { type: 'object', additionalProperties: { type: 'string' } },
        },
      },
    },
  },
} as const

function unionBounds(layers: LayerEntry[]): [number, number, number, number] {
  const extents = layers.flatMap((l) => (l.extent ? [l.extent] : []))
  if (extents.length === 0) return WORLD
  return [
    Math.min(...extents.map((e) => e[0])),
    Math.min(...extents.map((e) => e[1])),
    Math.max(...extents.map((e) => e[2])),
    Math.max(...extents.map((e) => e[3])),
  ]
}

/** A zoom at which the bounds fill roughly one 256-pixel tile, at least `minzoom`. */
function fittingZoom(bounds: number[], minzoom: number): number {
  const width = Math.max(bounds[2]! - bounds[0]!, bounds[3]! - bounds[1]!, 1e-6)
  return Math.min(MAX_ZOOM, Math.max(minzoom, Math.floor(Math.log2(360 / width))))
}

function vectorLayer(layer: LayerEntry) {
  return {
    id: layer.id,
    description: `${layer.title_zh} / ${layer.title_en}`,
    minzoom: layer.min_zoom,
    maxzoom: MAX_ZOOM,
    fields: Object.fromEntries(tileAttributes(layer).map((a) => [a.name, FIELD_TYPES[a.type]])),
  }
}

/** TileJSON 3.0.0 for one or more layers served together at `tileUrl` ({z}/{x}/{y} template). */
export function tileJson(layers: LayerEntry[], tileUrl: string, name: string, description: string) {
  const bounds = unionBounds(layers)
  const minzoom = Math.min(...layers.map((l) => l.min_zoom))
  return {
    tilejson: '3.0.0',
    name,
    description,
    scheme: 'xyz',
    format: 'pbf',
    tiles: [tileUrl],
    minzoom,
    maxzoom: MAX_ZOOM,
    bounds,
    center: [(bounds[0] + bounds[2]) / 2, (bounds[1] + bounds[3]) / 2, fittingZoom(bounds, minzoom)],
    vector_layers: layers.map(vectorLayer),
  }
}
