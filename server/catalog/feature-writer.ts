import type { Queryable } from '../db/database.js'
import type { AttributeDef, AttributeType, GeometryType } from './catalog.types.js'
import { layerTable, quoteIdent } from './sql-names.js'

const ARRAY_TYPES: Record<AttributeType, string> = {
  text: 'text[]',
  integer: 'integer[]',
  bigint: 'bigint[]',
  number: 'float8[]',
  decimal: 'numeric[]',
  boolean: 'boolean[]',
  date: 'date[]',
  timestamp: 'timestamptz[]',
}

/** A feature ready to store: attribute values by name, geometry as GeoJSON text in `srid`. */
export interface FeatureRow {
  properties: Record<string, unknown>
  geometry: string | null
}

export interface InsertOptions {
  /** SRID of the incoming coordinates; transformed to EPSG:4490 in the database. */
  srid?: number
  /** The layer's geometry type: singles are promoted to Multi* when the layer is multi. */
  geometryType: GeometryType
}

/**
 * Insert a batch of features in one statement: one array parameter per column, unnested in SQL,
 * so a batch of any size is a fixed number of bind parameters. Returns the number inserted.
 */
export async function insertFeatures(q: Queryable, tableName: string, attributes: AttributeDef[], rows: FeatureRow[], options: InsertOptions): Promise<number> {
  if (rows.length === 0) return 0
  const srid = options.srid ?? 4490
  const params: unknown[] = attributes.map((a) => rows.map((r) => normaliseValue(r.properties[a.name], a.type)))
  params.push(rows.map((r) => r.geometry))
  const columns = attributes.map((a) => quoteIdent(a.name))
  const unnestArgs = attributes.map((a, i) => `$${i + 1}::${ARRAY_TYPES[a.type]}`)
  const geomParam = `$${attributes.length + 1}::text[]`
  const aliases = attributes.map((_, i) => `c${i}`)
  let geom = `ST_SetSRID(ST_GeomFromGeoJSON(u.g), ${srid})`
  if (srid !== 4490) geom = `ST_Transform(${geom}, 4490)`
  if (options.geometryType.startsWith('Multi')) geom = `ST_Multi(${geom})`
  const sql = `INSERT INTO ${layerTable(tableName)} (${[...columns, 'geom'].join(', ')})
    SELECT ${[...aliases.map((a) => `u.${a}`), `CASE WHEN u.g IS NULL THEN NULL ELSE ${geom} END`].join(', ')}
    FROM unnest(${[...unnestArgs, geomParam].join(', ')}) AS u(${[...aliases, 'g'].join(', ')})`
  const result = await q.query(sql, params)
  return result.rowCount
}

function normaliseValue(value: unknown, type: AttributeType): unknown {
  if (value === undefined || value === '' && type !== 'text') return null
  if (value instanceof Date) return value.toISOString()
  return value
}
