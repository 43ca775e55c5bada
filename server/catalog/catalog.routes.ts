import type { FastifyInstance } from 'fastify'
import { getLayer, listLayers } from './catalog.repository.js'
import type { LayerEntry } from './catalog.types.js'

const layerSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    title: { type: 'object', properties: { zh: { type: 'string' }, en: { type: 'string' } } },
    kind: { type: 'string' },
    geometryType: { type: 'string' },
    series: { type: ['string', 'null'] },
    year: { type: ['integer', 'null'] },
    version: { type: ['string', 'null'] },
    source: { type: 'string' },
    description: { type: 'string' },
    tier: { type: 'string' },
    group: { type: 'string' },
    minZoom: { type: 'integer' },
    attributes: { type: 'array', items: { type: 'object', additionalProperties: true } },
    tileProperties: { type: ['array', 'null'], items: { type: 'string' } },
    timeField: { type: ['string', 'null'] },
    style: { type: 'object', additionalProperties: true },
    extent: { type: ['array', 'null'], items: { type: 'number' } },
    featureCount: { type: 'integer' },
    dataVersion: { type: 'integer' },
    updatedAt: { type: 'string' },
    links: { type: 'object', additionalProperties: { type: 'string' } },
  },
} as const

/** The public JSON shape of a catalog entry. */
export function presentLayer(layer: LayerEntry) {
  return {
    id: layer.id,
    title: { zh: layer.title_zh, en: layer.title_en },
    kind: layer.kind,
    geometryType: layer.geometry_type,
    series: layer.series,
    year: layer.year,
    version: layer.version,
    source: layer.source,
    description: layer.description,
    tier: layer.tier,
    group: layer.group_id,
    minZoom: layer.min_zoom,
    attributes: layer.attributes,
    tileProperties: layer.tile_properties,
    timeField: layer.time_field,
    style: layer.style,
    extent: layer.extent,
    featureCount: layer.feature_count,
    dataVersion: layer.data_version,
    updatedAt: layer.updated_at,
    links: {
      self: `/api/layers/${layer.id}`,
      tilejson: `/tiles/${layer.id}.json`,
      items: `/ogc/collections/${layer.id}/items`,
    },
  }
}

/** GET /api/layers and /api/layers/:id — the catalog as the caller may see it. */
export default async function catalogRoutes(app: FastifyInstance): Promise<void> {
  app.get('/layers', {
    schema: { response: { 200: { type: 'object', properties: { layers: { type: 'array', items: layerSchema } } } } },
  }, async (request) => ({ layers: (await listLayers(app.db, request.caller)).map(presentLayer) }))

  app.get<{ Params: { id: string } }>('/layers/:id', {
    schema: { params: { type: 'object', properties: { id: { type: 'string', maxLength: 63 } }, required: ['id'] }, response: { 200: layerSchema } },
  }, async (request) => presentLayer(await getLayer(app.db, request.params.id, request.caller)))
}
