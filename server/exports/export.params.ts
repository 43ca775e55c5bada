import type { LayerEntry } from '../catalog/catalog.types.js'
import { parseCrs, STORAGE_CRS, SUPPORTED_CRS, type CrsInfo } from '../crs/crs.js'
import { BadRequestError } from '../errors/problem.js'
import { parseBbox, parseDatetime, parseFilterParam, parseProperties, type FeatureQueryOptions } from '../features/index.js'
import { CSV_GEOMETRY, EXPORT_FORMATS, SHAPEFILE_ENCODINGS, type CsvGeometry, type ExportFormat, type ShapefileEncoding } from './export.types.js'

/** Query parameters of GET /api/layers/{id}/export, as text. */
export type ExportQuery = Partial<Record<(typeof EXPORT_PARAMETERS)[number], string>>

export const EXPORT_PARAMETERS = ['format', 'crs', 'encoding', 'geometry', 'properties', 'bbox', 'bbox-crs', 'datetime', 'filter', 'filter-lang', 'filter-crs'] as const

/** A checked export request. */
export interface ExportParams {
  format: ExportFormat
  /** Output CRS: CRS84 for GeoJSON, the storage CRS EPSG:4490 otherwise, unless asked. */
  crs: CrsInfo
  encoding: ShapefileEncoding
  csvGeometry: CsvGeometry
  /** The selection, in the shared feature-query form. */
  query: FeatureQueryOptions
}

/** Check every parameter against the layer; a wrong one is a 400 naming what is allowed. */
export function parseExportParams(raw: Record<string, unknown>, layer: LayerEntry): ExportParams {
  const query = checkNames(raw)
  const format = choice('format', query.format, EXPORT_FORMATS)
  if (!format) throw new BadRequestError(`format is required: one of ${EXPORT_FORMATS.join(', ')}.`)
  const crs = query.crs ? parseCrs(query.crs) : format === 'geojson' ? SUPPORTED_CRS[0]! : STORAGE_CRS
  return {
    format,
    crs,
    encoding: choice('encoding', query.encoding?.toLowerCase(), SHAPEFILE_ENCODINGS) ?? 'gbk',
    csvGeometry: choice('geometry', query.geometry, CSV_GEOMETRY) ?? 'wkt',
    query: selection(query, layer, crs, format),
  }
}

function selection(query: ExportQuery, layer: LayerEntry, crs: CrsInfo, format: ExportFormat): FeatureQueryOptions {
  const options: FeatureQueryOptions = { outputCrs: crs, eastNorth: true }
  if (query.properties !== undefined) options.properties = parseProperties(query.properties, layer)
  if (query['bbox-crs'] !== undefined && query.bbox === undefined) throw new BadRequestError('bbox-crs was given without bbox.')
  if (query.bbox !== undefined) {
    options.bboxCrs = query['bbox-crs'] ? parseCrs(query['bbox-crs']) : SUPPORTED_CRS[0]!
    options.bbox = parseBbox(query.bbox, options.bboxCrs)
  }
  if (query.datetime !== undefined) options.datetime = parseDatetime(query.datetime)
  Object.assign(options, filterOptions(query))
  if (format === 'csv' && query.geometry === 'none') options.skipGeometry = true
  return options
}

/** CQL2 text or JSON, parsed and compiled by the shared feature-query code (server/features, server/cql2). */
function filterOptions(query: ExportQuery): Pick<FeatureQueryOptions, 'filter' | 'filterCrs'> {
  if (query.filter === undefined || query.filter.trim() === '') {
    if (query['filter-lang'] !== undefined || query['filter-crs'] !== undefined) throw new BadRequestError('filter-lang and filter-crs only apply together with a filter parameter.')
    return {}
  }
  const filterCrs = query['filter-crs'] ? parseCrs(query['filter-crs']) : undefined
  return { filter: parseFilterParam(query.filter, query['filter-lang']), filterCrs }
}

function checkNames(raw: Record<string, unknown>): ExportQuery {
  const allowed = new Set<string>(EXPORT_PARAMETERS)
  const unknown = Object.keys(raw).filter((k) => !allowed.has(k))
  if (unknown.length) throw new BadRequestError(`Unknown parameter ${unknown.join(', ')}. An export takes: ${EXPORT_PARAMETERS.join(', ')}.`)
  const query: ExportQuery = {}
  for (const [key, value] of Object.entries(raw)) {
    if (typeof value !== 'string') throw new BadRequestError(`Give ${key} once, as text.`)
    query[key as keyof ExportQuery] = value
  }
  return query
}

function choice<T extends string>(name: string, value: string | undefined, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined
  if ((allowed as readonly string[]).includes(value)) return value as T
  throw new BadRequestError(`${name} must be one of ${allowed.join(', ')}; got "${value}".`)
}
