import type { Queryable } from '../db/database.js'
import { BadRequestError, ConflictError } from '../errors/problem.js'
import type { AttributeDef, AttributeType, GeometryType, LayerEntry } from './catalog.types.js'
import { ATTRIBUTE_TYPES } from './catalog.types.js'
import { layerTable, quoteIdent } from './sql-names.js'

const SQL_TYPES: Record<AttributeType, string> = {
  text: 'text',
  integer: 'integer',
  bigint: 'bigint',
  number: 'double precision',
  decimal: 'numeric',
  boolean: 'boolean',
  date: 'date',
  timestamp: 'timestamptz',
}

/** Columns every layer table has besides its attributes. */
export const RESERVED_COLUMNS = ['fid', 'geom', 'geom_3857'] as const

/** What a caller supplies to create a layer; the rest of the catalog row is derived. */
export type LayerSpec = Pick<LayerEntry, 'id' | 'title_zh' | 'title_en' | 'kind' | 'geometry_type' | 'attributes'> &
  Partial<Pick<LayerEntry, 'series' | 'year' | 'version' | 'source' | 'description' | 'tile_properties' | 'time_field' | 'style' | 'tier' | 'group_id' | 'sort_order' | 'min_zoom'>>

/** Layer ids become table names, so they are restricted to a safe form (the catalog checks it too). */
export function validateLayerId(id: string): void {
  if (!/^[a-z][a-z0-9_]{0,62}$/.test(id)) throw new BadRequestError(`Layer id "${id}" is not usable: use lower-case letters, digits and _ (at most 63), starting with a letter.`)
}

export function validateAttributes(attributes: AttributeDef[]): void {
  const seen = new Set<string>()
  for (const a of attributes) {
    if (!/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(a.name)) throw new BadRequestError(`Attribute name "${a.name}" is not usable: use letters, digits and _ (at most 63), starting with a letter.`)
    const key = a.name.toLowerCase()
    if ((RESERVED_COLUMNS as readonly string[]).includes(key)) throw new BadRequestError(`Attribute name "${a.name}" is reserved by OneMap.`)
    if (seen.has(key)) throw new BadRequestError(`Attribute "${a.name}" appears twice (names are compared case-insensitively).`)
    if (!ATTRIBUTE_TYPES.includes(a.type)) throw new BadRequestError(`Attribute "${a.name}" has unknown type "${String(a.type)}".`)
    seen.add(key)
  }
}

/**
 * Create data."<id>" with its attribute columns, `geom` (EPSG:4490) and `geom_3857` kept in step
 * by a trigger. Indexes are created by `indexLayerTable` after a bulk load, which is much faster.
 */
export async function createLayerTable(tx: Queryable, spec: Pick<LayerSpec, 'id' | 'geometry_type' | 'attributes'>, tableName = spec.id): Promise<void> {
  validateLayerId(tableName)
  validateAttributes(spec.attributes)
  const table = layerTable(tableName)
  const columns = spec.attributes.map((a) => `${quoteIdent(a.name)} ${SQL_TYPES[a.type]}`)
  await tx.exec(`CREATE TABLE ${table} (
    fid bigserial PRIMARY KEY,
    ${columns.map((c) => c + ',').join('\n    ')}
    geom geometry(${spec.geometry_type}, 4490),
    geom_3857 geometry(${spec.geometry_type}, 3857)
  );
  CREATE TRIGGER sync_geom_3857 BEFORE INSERT OR UPDATE OF geom ON ${table}
    FOR EACH ROW EXECUTE FUNCTION onemap.sync_geom_3857();`)
}

/** GiST indexes on both geometry columns, then fresh planner statistics. */
export async function indexLayerTable(tx: Queryable, tableName: string): Promise<void> {
  const table = layerTable(tableName)
  await tx.exec(`CREATE INDEX ${quoteIdent(`${tableName}_geom_idx`)} ON ${table} USING gist (geom);
    CREATE INDEX ${quoteIdent(`${tableName}_geom_3857_idx`)} ON ${table} USING gist (geom_3857);
    ANALYZE ${table};`)
}

/** Insert the catalog row for a layer whose table exists. */
export async function registerLayer(tx: Queryable, spec: LayerSpec): Promise<void> {
  const exists = await tx.query('SELECT 1 FROM onemap.layers WHERE id = $1', [spec.id])
  if (exists.rows.length > 0) throw new ConflictError(`A layer "${spec.id}" already exists.`)
  await tx.query(
    `INSERT INTO onemap.layers (id, title_zh, title_en, kind, geometry_type, series, year, version, source, description,
       attributes, tile_properties, time_field, style, tier, group_id, sort_order, min_zoom)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)`,
    [
      spec.id, spec.title_zh, spec.title_en, spec.kind, spec.geometry_type, spec.series ?? null, spec.year ?? null,
      spec.version ?? null, spec.source ?? '', spec.description ?? '', JSON.stringify(spec.attributes),
      spec.tile_properties ?? null, spec.time_field ?? null, JSON.stringify(spec.style ?? {}), spec.tier ?? 'public',
      spec.group_id ?? 'other', spec.sort_order ?? 0, spec.min_zoom ?? 0,
    ],
  )
}

/**
 * Recompute extent and feature count and bump data_version. Call after every change to a layer's
 * data: tile caches and ETags key on data_version, so this is what invalidates them.
 */
export async function refreshLayerStats(tx: Queryable, layerId: string): Promise<void> {
  const table = layerTable(layerId)
  await tx.query(
    `UPDATE onemap.layers l SET
       feature_count = s.n,
       extent = CASE WHEN s.e IS NULL THEN NULL ELSE ARRAY[ST_XMin(s.e), ST_YMin(s.e), ST_XMax(s.e), ST_YMax(s.e)] END,
       data_version = l.data_version + 1,
       updated_at = now()
     FROM (SELECT count(*) AS n, ST_Extent(geom)::geometry AS e FROM ${table}) s
     WHERE l.id = $1`,
    [layerId],
  )
}

/** Drop a layer's table and catalog row together. */
export async function dropLayer(tx: Queryable, layerId: string): Promise<void> {
  await tx.exec(`DROP TABLE IF EXISTS ${layerTable(layerId)}`)
  await tx.query('DELETE FROM onemap.layers WHERE id = $1', [layerId])
}

export type { GeometryType }
