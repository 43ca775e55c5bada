import { CRS84_URI } from '../crs/crs.js'
import type { ExportRow, ExportSchema, RowBatches } from './export.types.js'

/**
 * Stream a GeoJSON FeatureCollection, one chunk per batch of rows. Coordinates are always
 * easting/longitude first, as GIS software reads files. A CRS other than CRS84 is named in the
 * (pre-RFC 7946) "crs" member, which GDAL and QGIS honour.
 */
export async function* writeGeoJson(schema: ExportSchema, batches: RowBatches): AsyncGenerator<string> {
  yield collectionHead(schema)
  let first = true
  for await (const rows of batches) {
    if (rows.length === 0) continue
    yield (first ? '\n' : ',\n') + rows.map((row) => featureJson(row, schema)).join(',\n')
    first = false
  }
  yield '\n]}\n'
}

function collectionHead(schema: ExportSchema): string {
  const head: Record<string, unknown> = { type: 'FeatureCollection', name: schema.name }
  if (schema.crsUri !== CRS84_URI) head.crs = { type: 'name', properties: { name: `urn:ogc:def:crs:EPSG::${schema.srid}` } }
  const json = JSON.stringify(head)
  return `${json.slice(0, -1)},"features":[`
}

function featureJson(row: ExportRow, schema: ExportSchema): string {
  const properties: Record<string, unknown> = {}
  for (const field of schema.fields) properties[field.name] = row.properties[field.name] ?? null
  const feature: Record<string, unknown> = { type: 'Feature' }
  if (row.id !== undefined) feature.id = row.id
  feature.properties = properties
  feature.geometry = row.geometry
  return JSON.stringify(feature)
}
