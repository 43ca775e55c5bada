import type { LayerEntry } from '../catalog/catalog.types.js'
import type { Config } from '../config/config.js'
import { parseCrs, SUPPORTED_CRS, type CrsInfo } from '../crs/crs.js'
import { BadRequestError } from '../errors/problem.js'
import {
  parseBbox, parseDatetime, parseFilterParam, parseLimit, parseOffset, parseProperties, parsePropertyEquals, parseSortby,
  type FeatureQueryOptions,
} from '../features/index.js'
import type { RawQuery } from './ogc-request.js'

/** Query parameters of /items besides the collection's attribute names (which filter by equality). */
export const ITEMS_PARAMETERS = ['f', 'limit', 'offset', 'bbox', 'bbox-crs', 'datetime', 'crs', 'filter', 'filter-lang', 'filter-crs', 'properties', 'sortby'] as const
/** Query parameters of /items/{featureId}. */
export const ITEM_PARAMETERS = ['f', 'crs', 'properties'] as const

/** A parsed /items request: the feature query plus the page it asks for. */
export interface ItemsRequest {
  options: FeatureQueryOptions
  limit: number
  offset: number
  outputCrs: CrsInfo
}

/** Refuse parameters the API does not define (OGC /req/core/query-param-unknown), naming the ones it does. */
export function rejectUnknownParameters(query: RawQuery, allowed: readonly string[], layer: LayerEntry, attributesAllowed: boolean): void {
  const attributes = new Set(attributesAllowed ? layer.attributes.map((a) => a.name) : [])
  for (const key of query.values.keys()) {
    if (allowed.includes(key) || attributes.has(key)) continue
    const hint = attributesAllowed && layer.attributes.length ? `, or an attribute name to filter by (${[...attributes].join(', ')})` : ''
    throw new BadRequestError(`Unknown query parameter "${key}". Use ${allowed.join(', ')}${hint}.`)
  }
}

function optionalCrs(query: RawQuery, name: string): CrsInfo | undefined {
  const value = query.values.get(name)
  return value === undefined || value === '' ? undefined : parseCrs(value)
}

function filterOptions(query: RawQuery): Pick<FeatureQueryOptions, 'filter' | 'filterCrs'> {
  const text = query.values.get('filter')
  const lang = query.values.get('filter-lang')
  if (text === undefined || text.trim() === '') {
    if (lang !== undefined || query.values.has('filter-crs')) throw new BadRequestError('filter-lang and filter-crs only apply together with a filter parameter.')
    return {}
  }
  return { filter: parseFilterParam(text, lang), filterCrs: optionalCrs(query, 'filter-crs') }
}

function selectionOptions(query: RawQuery, layer: LayerEntry): FeatureQueryOptions {
  const bboxCrs = optionalCrs(query, 'bbox-crs')
  const bboxText = query.values.get('bbox')
  if (bboxCrs && bboxText === undefined) throw new BadRequestError('bbox-crs only applies together with a bbox parameter.')
  const datetime = query.values.get('datetime')
  const attributeNames = new Set(layer.attributes.map((a) => a.name))
  return {
    bbox: bboxText === undefined ? undefined : parseBbox(bboxText, bboxCrs ?? SUPPORTED_CRS[0]!),
    bboxCrs,
    datetime: datetime === undefined ? undefined : parseDatetime(datetime),
    propertyEquals: [...query.values].filter(([k]) => attributeNames.has(k)).map(([k, v]) => parsePropertyEquals(layer, k, v)),
    ...filterOptions(query),
  }
}

/** Check and parse every parameter of an /items request; a bad one is a 400 naming the problem. */
export function parseItemsRequest(query: RawQuery, layer: LayerEntry, config: Config): ItemsRequest {
  rejectUnknownParameters(query, ITEMS_PARAMETERS, layer, true)
  const outputCrs = optionalCrs(query, 'crs') ?? SUPPORTED_CRS[0]!
  const limit = parseLimit(query.values.get('limit'), config.ITEMS_DEFAULT_LIMIT, config.ITEMS_MAX_LIMIT)
  const offset = parseOffset(query.values.get('offset'))
  const properties = query.values.get('properties')
  const sortby = query.values.get('sortby')
  const options: FeatureQueryOptions = {
    ...selectionOptions(query, layer),
    properties: properties === undefined ? undefined : parseProperties(properties, layer),
    sortby: sortby === undefined ? undefined : parseSortby(sortby, layer),
    outputCrs,
  }
  return { options, limit, offset, outputCrs }
}

/** Check and parse the parameters of an /items/{featureId} request. */
export function parseItemRequest(query: RawQuery, layer: LayerEntry, featureId: number): FeatureQueryOptions {
  rejectUnknownParameters(query, ITEM_PARAMETERS, layer, false)
  const properties = query.values.get('properties')
  return {
    featureId,
    outputCrs: optionalCrs(query, 'crs') ?? SUPPORTED_CRS[0]!,
    properties: properties === undefined ? undefined : parseProperties(properties, layer),
  }
}
