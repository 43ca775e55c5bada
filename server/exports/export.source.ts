import type { AttributeDef, LayerEntry } from '../catalog/catalog.types.js'
import type { Database } from '../db/database.js'
import {
  allBatches,
  columnOf,
  openPrefetchedCursor,
  selectedAttributes,
  sqlFrom,
  sqlOrderBy,
  sqlOutputGeometry,
  sqlPropertiesJson,
  sqlWhere,
  TABLE_ALIAS,
  type FeatureQueryOptions,
  type SqlStatement,
} from '../features/index.js'
import type { ExportField, ExportRow, FieldStats, RowBatches } from './export.types.js'

/**
 * Exports keep every digit PostGIS has (ST_AsGeoJSON prints the shortest exact form), so that
 * an exported polygon has exactly the stored official area; the OGC API rounds to 0.1 mm instead.
 */
const FULL_PRECISION = 15

/**
 * The selected features as rows {id, properties, geometry}: geometry in the output CRS with
 * x = east, y = north (file formats store that order whatever the CRS's axis order), filtered by
 * the shared feature-query WHERE clause and ordered by feature id.
 */
export function exportRowsStatement(layer: LayerEntry, options: FeatureQueryOptions): SqlStatement {
  const params: unknown[] = []
  const attributes = selectedAttributes(layer, options.properties)
  const geometry = options.skipGeometry ? 'NULL::text' : `ST_AsGeoJSON(ST_Force2D(${sqlOutputGeometry(options.outputCrs, true)}), ${FULL_PRECISION})`
  const select = `SELECT ${TABLE_ALIAS}.fid AS id, ${sqlPropertiesJson(attributes)} AS properties, ${geometry} AS geometry`
  const sql = [select, sqlFrom(layer), sqlWhere(layer, options, params), sqlOrderBy()].filter(Boolean).join('\n')
  return { sql, params }
}

interface RawRow {
  id: number
  properties: Record<string, unknown> | string
  geometry: string | null
}

/** Streamed rows, and a way to close the cursor whether or not they were read. */
export interface OpenRows {
  batches: RowBatches
  /** Idempotent; needed when the consumer never starts (a generator that never ran has no finally). */
  close: () => Promise<void>
}

/**
 * Open the cursor and fetch the first batch before returning, so a failing query (a bad filter)
 * becomes an error response instead of a broken download.
 */
export async function openExportRows(db: Database, statement: SqlStatement, fields: ExportField[], batchSize: number, signal?: AbortSignal): Promise<OpenRows> {
  const cursor = await openPrefetchedCursor<RawRow>(db, statement, batchSize, signal)
  const timestamps = fields.filter((f) => f.type === 'timestamp').map((f) => f.name)
  const batches = (async function* () {
    for await (const batch of allBatches(cursor, signal)) yield batch.map((row) => exportRow(row, timestamps))
  })()
  return { batches, close: async () => void (await cursor.rest.return(undefined)) }
}

function exportRow(row: RawRow, timestamps: string[]): ExportRow {
  const properties = typeof row.properties === 'string' ? (JSON.parse(row.properties) as Record<string, unknown>) : row.properties
  // Timestamps come in the session's time zone; files get one stable form, UTC with Z.
  for (const name of timestamps) {
    const value = properties[name]
    if (typeof value === 'string') properties[name] = new Date(value).toISOString()
  }
  return { id: Number(row.id), properties, geometry: row.geometry ? JSON.parse(row.geometry) : null }
}

/** Per-attribute aggregates a fixed-width DBF needs before its first record. */
function statsColumns(attribute: AttributeDef, i: number): string[] {
  const column = columnOf(attribute.name)
  switch (attribute.type) {
    case 'text':
      return [`max(octet_length(${column})) AS b${i}`]
    case 'integer':
    case 'bigint':
      return [`max(length(${column}::text)) AS d${i}`]
    case 'decimal':
      return [`max(scale(${column})) AS s${i}`, `max(length(trunc(${column})::text)) AS d${i}`]
    default:
      return []
  }
}

/** The exported attributes with the widths and scales their values need, over the same selection. */
export async function measureFields(db: Database, layer: LayerEntry, options: FeatureQueryOptions, signal?: AbortSignal): Promise<ExportField[]> {
  const attributes = selectedAttributes(layer, options.properties)
  const columns = attributes.flatMap(statsColumns)
  if (columns.length === 0) return attributes.map(({ name, type }) => ({ name, type }))
  const params: unknown[] = []
  const sql = [`SELECT ${columns.join(', ')}`, sqlFrom(layer), sqlWhere(layer, options, params)].filter(Boolean).join('\n')
  const { rows } = await db.query<Record<string, number | null>>(sql, params, { signal })
  return attributes.map(({ name, type }, i) => ({ name, type, stats: fieldStats(rows[0] ?? {}, i) }))
}

function fieldStats(row: Record<string, number | null>, i: number): FieldStats {
  const stats: FieldStats = {}
  if (row[`b${i}`] != null) stats.maxBytes = Number(row[`b${i}`])
  if (row[`s${i}`] != null) stats.scale = Number(row[`s${i}`])
  if (row[`d${i}`] != null) stats.intDigits = Number(row[`d${i}`])
  return stats
}

/** The exported attributes without measuring (formats that are not fixed-width). */
export function exportFields(layer: LayerEntry, options: FeatureQueryOptions): ExportField[] {
  return selectedAttributes(layer, options.properties).map(({ name, type }) => ({ name, type }))
}
