import type { Config } from '../config/config.js'
import { FILTER_LANGUAGES } from '../features/index.js'
import { CRS_URIS } from './documents.js'
import { MEDIA } from './links.js'

const crsParameter = (name: string, description: string) => ({
  name, in: 'query', required: false, description, style: 'form', explode: false,
  schema: { type: 'string', format: 'uri', enum: CRS_URIS, default: CRS_URIS[0] },
})

/** Query parameters shared by the paths (OGC API Features Parts 1–3). */
export function parameters(config: Config): Record<string, unknown> {
  return {
    f: { name: 'f', in: 'query', required: false, description: 'Response format; without it the Accept header decides (JSON unless HTML is preferred).', schema: { type: 'string', enum: ['json', 'html'] }, style: 'form', explode: false },
    bbox: {
      name: 'bbox', in: 'query', required: false, style: 'form', explode: false,
      description: 'Only features that intersect this box: minimum and maximum of each axis, in the axis order of bbox-crs (CRS84: lon,lat).',
      schema: { type: 'array', oneOf: [{ minItems: 4, maxItems: 4 }, { minItems: 6, maxItems: 6 }], items: { type: 'number' } },
    },
    'bbox-crs': crsParameter('bbox-crs', 'CRS of bbox (OGC API Features Part 2).'),
    crs: crsParameter('crs', 'CRS of the returned geometries, coordinates in its axis order (OGC API Features Part 2). The Content-Crs header names it.'),
    datetime: { name: 'datetime', in: 'query', required: false, style: 'form', explode: false, description: 'Instant (2023-06-01, 2023-06-01T08:00:00Z) or interval start/end with .. or empty for an open end; applies to the layer\'s time field.', schema: { type: 'string' } },
    limit: { name: 'limit', in: 'query', required: false, style: 'form', explode: false, description: `Features per page; values above ${config.ITEMS_MAX_LIMIT} are lowered to it.`, schema: { type: 'integer', minimum: 1, maximum: config.ITEMS_MAX_LIMIT, default: config.ITEMS_DEFAULT_LIMIT } },
    offset: { name: 'offset', in: 'query', required: false, style: 'form', explode: false, description: 'Matching features to skip (the next/prev links set it).', schema: { type: 'integer', minimum: 0, default: 0 } },
    filter: { name: 'filter', in: 'query', required: false, style: 'form', explode: false, description: 'A CQL2 filter (OGC API Features Part 3) over the queryables.', schema: { type: 'string' } },
    'filter-lang': { name: 'filter-lang', in: 'query', required: false, style: 'form', explode: false, description: 'Language of filter.', schema: { type: 'string', enum: FILTER_LANGUAGES, default: FILTER_LANGUAGES[0] } },
    'filter-crs': crsParameter('filter-crs', 'CRS of the geometry literals in filter.'),
    properties: { name: 'properties', in: 'query', required: false, style: 'form', explode: false, description: 'Attributes to return, comma-separated.', schema: { type: 'array', items: { type: 'string' } } },
    sortby: { name: 'sortby', in: 'query', required: false, style: 'form', explode: false, description: 'Sort keys, comma-separated attribute names (or id), - for descending.', schema: { type: 'array', items: { type: 'string', pattern: '^[+-]?[A-Za-z_][A-Za-z0-9_]*$' } } },
    featureId: { name: 'featureId', in: 'path', required: true, description: 'Feature identifier (the id member of the feature).', schema: { type: 'integer', minimum: 1 } },
  }
}

const linkSchema = {
  type: 'object', required: ['href', 'rel'],
  properties: { href: { type: 'string' }, rel: { type: 'string' }, type: { type: 'string' }, title: { type: 'string' } },
}
const links = { type: 'array', items: { $ref: '#/components/schemas/link' } }

/** Response body schemas (a compact form of the OGC API Features Part 1 schemas). */
export const schemas: Record<string, unknown> = {
  link: linkSchema,
  landingPage: { type: 'object', required: ['links'], properties: { title: { type: 'string' }, description: { type: 'string' }, links } },
  confClasses: { type: 'object', required: ['conformsTo'], properties: { conformsTo: { type: 'array', items: { type: 'string' } } } },
  collection: {
    type: 'object', required: ['id', 'links'],
    properties: {
      id: { type: 'string' }, title: { type: 'string' }, description: { type: 'string' }, links, itemType: { type: 'string' },
      extent: { type: 'object' }, crs: { type: 'array', items: { type: 'string' } }, storageCrs: { type: 'string' },
    },
  },
  collections: { type: 'object', required: ['links', 'collections'], properties: { links, crs: { type: 'array', items: { type: 'string' } }, collections: { type: 'array', items: { $ref: '#/components/schemas/collection' } } } },
  featureGeoJSON: {
    type: 'object', required: ['type', 'geometry', 'properties'],
    properties: { type: { type: 'string', enum: ['Feature'] }, id: { type: 'integer' }, geometry: { type: 'object', nullable: true }, properties: { type: 'object', nullable: true }, links },
  },
  featureCollectionGeoJSON: {
    type: 'object', required: ['type', 'features'],
    properties: {
      type: { type: 'string', enum: ['FeatureCollection'] }, features: { type: 'array', items: { $ref: '#/components/schemas/featureGeoJSON' } },
      links, timeStamp: { type: 'string', format: 'date-time' }, numberMatched: { type: 'integer', minimum: 0 }, numberReturned: { type: 'integer', minimum: 0 },
    },
  },
  queryables: { type: 'object', description: 'A JSON Schema of the queryable properties.' },
  problem: { type: 'object', description: 'RFC 9457 problem details.', properties: { type: { type: 'string' }, title: { type: 'string' }, status: { type: 'integer' }, detail: { type: 'string' }, instance: { type: 'string' } } },
}

const problemContent = { 'application/problem+json': { schema: { $ref: '#/components/schemas/problem' } } }

/** Error responses every operation can give. */
export const responses: Record<string, unknown> = {
  BadRequest: { description: 'A parameter is malformed, unknown or out of range; the detail names it and the allowed values.', content: problemContent },
  NotFound: { description: 'No such collection or feature (or not visible with your clearance).', content: problemContent },
  ServerError: { description: 'A server error; it has been logged.', content: problemContent },
  Unavailable: { description: 'The request took too long and was cancelled.', content: problemContent },
}

/** 200 with a JSON (or GeoJSON/OpenAPI) body and its HTML page. */
export function okResponse(description: string, schema: string, jsonType: string = MEDIA.json) {
  return { description, content: { [jsonType]: { schema: { $ref: `#/components/schemas/${schema}` } }, [MEDIA.html]: { schema: { type: 'string' } } } }
}

/** The error responses an operation lists: 400 and 500 always, 404 where a collection or feature is named. */
export function errorResponses(notFound: boolean) {
  return {
    400: { $ref: '#/components/responses/BadRequest' },
    ...(notFound ? { 404: { $ref: '#/components/responses/NotFound' } } : {}),
    500: { $ref: '#/components/responses/ServerError' },
    503: { $ref: '#/components/responses/Unavailable' },
  }
}
