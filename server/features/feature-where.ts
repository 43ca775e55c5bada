import type { LayerEntry } from '../catalog/catalog.types.js'
import { SUPPORTED_CRS, STORAGE_CRS, type CrsInfo } from '../crs/crs.js'
import type { BboxValues, DatetimeBound, DatetimeRange, FeatureQueryOptions, PropertyEquals } from './feature-query.types.js'
import { columnOf, GEOMETRY_COLUMN, TABLE_ALIAS } from './feature-select.js'
import { compileFilter } from './filter-condition.js'
import { bindParam, SQL_TYPE_OF } from './sql-values.js'

/** A bbox in x = east, y = north order, whatever the axis order the client wrote it in. */
export function eastNorthBbox(bbox: BboxValues, crs: CrsInfo): BboxValues {
  const [a, b, c, d] = bbox
  return crs.northFirst ? [b, a, d, c] : [a, b, c, d]
}

/**
 * The bbox as an envelope in the storage CRS. The constant side is transformed, never the column,
 * so the GiST index on geom is used; a projected box is densified first because its straight edges
 * are curves in longitude/latitude.
 */
export function sqlBboxEnvelope(bbox: BboxValues, crs: CrsInfo, params: unknown[]): string {
  const [minx, miny, maxx, maxy] = eastNorthBbox(bbox, crs)
  const corners = [minx, miny, maxx, maxy].map((v) => bindParam(params, v, 'float8'))
  let envelope = `ST_MakeEnvelope(${corners.join(', ')}, ${Number(crs.srid)})`
  if (crs.srid === STORAGE_CRS.srid) return envelope
  if (crs.projected) envelope = `ST_Segmentize(${envelope}, ${bindParam(params, Math.max(maxx - minx, maxy - miny) / 32 || 1, 'float8')})`
  return `ST_Transform(${envelope}, ${STORAGE_CRS.srid})`
}

/** Features whose geometry intersects the bbox (given in `crs` axis order). */
export function bboxCondition(bbox: BboxValues, crs: CrsInfo, params: unknown[]): string {
  return `ST_Intersects(${GEOMETRY_COLUMN}, ${sqlBboxEnvelope(bbox, crs, params)})`
}

/** A date-only bound as the UTC instant that starts (or, for an end, follows) its day. */
function boundInstant(bound: DatetimeBound, isEnd: boolean): string {
  if (!bound.dateOnly) return bound.value
  const day = new Date(`${bound.value}T00:00:00Z`)
  if (isEnd) day.setUTCDate(day.getUTCDate() + 1)
  return day.toISOString()
}

/** The UTC calendar day of a bound, for date columns. */
function boundDay(bound: DatetimeBound): string {
  return bound.dateOnly ? bound.value : new Date(bound.value).toISOString().slice(0, 10)
}

/**
 * Features whose time value lies in the range (an instant is a range with equal ends). A date
 * column is a whole day, so it matches when that day overlaps the range; a date-only end of a
 * range includes its whole day.
 */
export function datetimeCondition(column: string, type: 'date' | 'timestamp', range: DatetimeRange, params: unknown[]): string {
  const parts: string[] = []
  if (type === 'date') {
    if (range.start) parts.push(`${column} >= ${bindParam(params, boundDay(range.start), 'date')}`)
    if (range.end) parts.push(`${column} <= ${bindParam(params, boundDay(range.end), 'date')}`)
  } else {
    if (range.start) parts.push(`${column} >= ${bindParam(params, boundInstant(range.start, false), 'timestamptz')}`)
    if (range.end) parts.push(`${column} ${range.end.dateOnly ? '<' : '<='} ${bindParam(params, boundInstant(range.end, true), 'timestamptz')}`)
  }
  if (parts.length === 0) return ''
  return `${column} IS NOT NULL AND ${parts.join(' AND ')}`
}

/** The layer's time attribute when it has a usable one (date or timestamp). */
export function timeAttribute(layer: LayerEntry): { name: string; type: 'date' | 'timestamp' } | undefined {
  const attribute = layer.attributes.find((a) => a.name === layer.time_field)
  if (!attribute || (attribute.type !== 'date' && attribute.type !== 'timestamp')) return undefined
  return { name: attribute.name, type: attribute.type }
}

/** `"DLBM" = $n::text` for each ?DLBM=… parameter; values were checked against the type already. */
export function equalityConditions(layer: LayerEntry, filters: PropertyEquals[], params: unknown[]): string[] {
  const types = new Map(layer.attributes.map((a) => [a.name, a.type]))
  return filters.map((f) => `${columnOf(f.property)} = ${bindParam(params, f.value, SQL_TYPE_OF[types.get(f.property) ?? 'text'])}`)
}

/** Every condition of the request, ANDed; empty when there is none. */
export function whereConditions(layer: LayerEntry, options: FeatureQueryOptions, params: unknown[]): string[] {
  const conditions: string[] = []
  if (options.featureId !== undefined) conditions.push(`${TABLE_ALIAS}.fid = ${bindParam(params, options.featureId, 'bigint')}`)
  if (options.bbox) conditions.push(bboxCondition(options.bbox, options.bboxCrs ?? SUPPORTED_CRS[0]!, params))
  const time = timeAttribute(layer)
  if (options.datetime && time) {
    const condition = datetimeCondition(columnOf(time.name), time.type, options.datetime, params)
    if (condition) conditions.push(condition)
  }
  if (options.propertyEquals?.length) conditions.push(...equalityConditions(layer, options.propertyEquals, params))
  if (options.filter !== undefined) conditions.push(`(${compileFilter(layer, options.filter, options.filterCrs, params)})`)
  return conditions
}

/** The WHERE clause, or '' when nothing restricts the features. */
export function sqlWhere(layer: LayerEntry, options: FeatureQueryOptions, params: unknown[]): string {
  const conditions = whereConditions(layer, options, params)
  return conditions.length ? `WHERE ${conditions.join('\n  AND ')}` : ''
}
