import type { LayerEntry } from '../catalog/catalog.types.js'
import type { Config } from '../config/config.js'
import { SERVICE_TITLE } from './documents.js'
import { MEDIA } from './links.js'
import { errorResponses, okResponse, parameters, responses, schemas } from './openapi-components.js'
import { attributeSchema } from './queryables.js'

const ref = (name: string) => ({ $ref: `#/components/parameters/${name}` })
const ITEMS_PARAMETERS = ['f', 'bbox', 'bbox-crs', 'datetime', 'limit', 'offset', 'crs', 'filter', 'filter-lang', 'filter-crs', 'properties', 'sortby'].map(ref)

function operation(operationId: string, summary: string, tags: string[], ok: unknown, params: unknown[], notFound: boolean) {
  return { get: { operationId, summary, tags, parameters: params, responses: { 200: ok, ...errorResponses(notFound) } } }
}

function servicePaths() {
  return {
    '/': operation('getLandingPage', 'Landing page', ['Capabilities'], okResponse('Links to the API definition, conformance and collections.', 'landingPage'), [ref('f')], false),
    '/conformance': operation('getConformance', 'Conformance classes implemented', ['Capabilities'], okResponse('The conformance declaration.', 'confClasses'), [ref('f')], false),
    '/api': operation('getApi', 'This API definition', ['Capabilities'], { description: 'The OpenAPI 3.0 document, or its HTML rendering with f=html.', content: { [MEDIA.openapi]: { schema: { type: 'object' } }, [MEDIA.html]: { schema: { type: 'string' } } } }, [ref('f')], false),
    '/collections': operation('getCollections', 'The collections (layers)', ['Capabilities'], okResponse('All collections you may see.', 'collections'), [ref('f')], false),
  }
}

/** One equality parameter per attribute (Part 3 queryables as query parameters: ?DLBM=0101). */
function attributeParameters(layer: LayerEntry) {
  return layer.attributes.map((a) => ({
    name: a.name, in: 'query', required: false, style: 'form', explode: false,
    description: `Only features whose ${a.name}${a.title_zh ? `（${a.title_zh}）` : ''} equals this value.`,
    schema: attributeSchema(a, layer),
  }))
}

function collectionPaths(layer: LayerEntry) {
  const base = `/collections/${layer.id}`
  const tag = [`${layer.title_zh} (${layer.id})`]
  return {
    [base]: operation(`describeCollection_${layer.id}`, `${layer.title_zh}: description`, tag, okResponse('Collection metadata: extent, CRS list, links.', 'collection'), [ref('f')], true),
    [`${base}/queryables`]: operation(`getQueryables_${layer.id}`, `${layer.title_zh}: queryable properties`, tag, { description: 'JSON Schema of the queryables.', content: { [MEDIA.schema]: { schema: { $ref: '#/components/schemas/queryables' } }, [MEDIA.html]: { schema: { type: 'string' } } } }, [ref('f')], true),
    [`${base}/items`]: operation(`getFeatures_${layer.id}`, `${layer.title_zh}: features`, tag, okResponse('A page of features; next/prev links page through the rest.', 'featureCollectionGeoJSON', MEDIA.geojson), [...ITEMS_PARAMETERS, ...attributeParameters(layer)], true),
    [`${base}/items/{featureId}`]: operation(`getFeature_${layer.id}`, `${layer.title_zh}: one feature`, tag, okResponse('One feature.', 'featureGeoJSON', MEDIA.geojson), [ref('featureId'), ref('f'), ref('crs'), ref('properties')], true),
  }
}

/**
 * The OpenAPI 3.0 document of /ogc as the caller sees it: the service paths, then for each visible
 * layer its collection, items (with one query parameter per attribute), feature and queryables paths.
 */
export function openApiDocument(root: string, layers: LayerEntry[], config: Config): Record<string, unknown> {
  const paths: Record<string, unknown> = servicePaths()
  for (const layer of layers) Object.assign(paths, collectionPaths(layer))
  return {
    openapi: '3.0.3',
    info: {
      title: SERVICE_TITLE,
      version: '1.0.0',
      description: 'OGC API – Features Parts 1 (Core), 2 (CRS) and 3 (Filtering, CQL2). Geometries are CRS84 unless crs asks for another system; errors are RFC 9457 problem details.',
    },
    servers: [{ url: root }],
    tags: [{ name: 'Capabilities' }, ...layers.map((l) => ({ name: `${l.title_zh} (${l.id})`, description: l.title_en }))],
    paths,
    components: { parameters: parameters(config), schemas, responses },
  }
}
