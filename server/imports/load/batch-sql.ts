import type { AttributeDef, GeometryType } from '../../catalog/catalog.types.js'
import { layerTable, quoteIdent } from '../../catalog/sql-names.js'

const ARRAY_TYPES: Record<AttributeDef['type'], string> = {
  text: 'text[]', integer: 'integer[]', bigint: 'bigint[]', number: 'float8[]', decimal: 'numeric[]', boolean: 'boolean[]', date: 'date[]', timestamp: 'timestamptz[]',
}

/** A coordinate as short text: 8 decimals (about 1 mm in degrees), trailing zeros removed. */
function coordinate(expr: string): string {
  return `rtrim(rtrim(round(${expr}::numeric, 8)::text, '0'), '.')`
}

/** Collection dimension (ST_CollectionExtract) of a layer type. */
function dimension(geometryType: GeometryType): 1 | 2 | 3 {
  return geometryType.includes('Polygon') ? 3 : geometryType.includes('Line') ? 2 : 1
}

/** Turns the repaired parts `mv` into the column's type; NULL when nothing is left or several parts meet a single-type layer. */
function fitted(geometryType: GeometryType): string {
  const fit = geometryType.startsWith('Multi') ? 'ST_Multi(mv)' : 'CASE WHEN ST_NumGeometries(mv) = 1 THEN ST_GeometryN(mv, 1) END'
  return `CASE WHEN ST_IsEmpty(mv) THEN NULL ELSE ${fit} END`
}

/** The reason PostGIS gives for an invalid geometry, with its location shortened to 8 decimals. */
const REASON = `(SELECT d.reason || coalesce('[' || ${coordinate('ST_X(d.location)')} || ' ' || ${coordinate('ST_Y(d.location)')} || ']', '') FROM ST_IsValidDetail(g) d)`

/** ST_MakeValid's repair of `g` reduced to the layer's dimension. */
function repairedOf(geometryType: GeometryType): string {
  return `ST_CollectionExtract(ST_MakeValid(g, 'method=structure'), ${dimension(geometryType)})`
}

/** The repair report's select list over `i, g` rows that are invalid: reason, parts, emptied, repaired area; and `fg`, the repaired geometry. */
function repairs(geometryType: GeometryType, from: string): string {
  const area = geometryType.includes('Polygon') ? 'CASE WHEN fg IS NULL THEN 0 ELSE onemap.ellipsoid_area(fg) END' : 'NULL::numeric'
  return `SELECT i, reason, ST_NumGeometries(mv) AS parts, fg IS NULL AS emptied, ${area} AS area, fg
  FROM (SELECT i, reason, mv, ${fitted(geometryType)} AS fg FROM (SELECT i, ${REASON} AS reason, ${repairedOf(geometryType)} AS mv FROM ${from}) r) f`
}

/**
 * One INSERT per batch: attribute arrays and hex EWKB unnested, transformed to EPSG:4490 (once:
 * OFFSET 0 keeps the planner from inlining the transform into every use), checked with ST_IsValid,
 * and only the invalid ones repaired (ST_MakeValid, structure method) and fitted back to the
 * layer's type. fid is the feature's number in the source. It returns a row per repaired feature: PostGIS's reason, the number of parts the
 * repair produced, whether anything was left, and (polygons) the repaired official area.
 * `with3857` also fills geom_3857 (for a stage whose trigger is off during a COPY load).
 */
export function batchInsertSql(table: string, attributes: AttributeDef[], sourceSrid: number, geometryType: GeometryType, with3857 = false): string {
  const n = attributes.length
  const cols = attributes.map((_, i) => `c${i}`)
  const unnest = [...attributes.map((a, i) => `$${i + 1}::${ARRAY_TYPES[a.type]}`), `$${n + 1}::text[]`, `$${n + 2}::integer[]`]
  const geom = sourceSrid === 4490 ? 'u.g::geometry' : 'ST_Transform(u.g::geometry, 4490)'
  const stored = `CASE WHEN invalid THEN (SELECT ${fitted(geometryType)} FROM (SELECT ${repairedOf(geometryType)} AS mv) r) ELSE g END`
  const target = ['fid', ...attributes.map((a) => quoteIdent(a.name)), 'geom', ...(with3857 ? ['geom_3857'] : [])]
  const select = with3857
    ? `SELECT i, ${cols.map((c) => `${c}, `).join('')}sg, ST_Transform(sg, 3857) FROM (SELECT i, ${cols.map((c) => `${c}, `).join('')}${stored} AS sg FROM src ORDER BY i OFFSET 0) s`
    : `SELECT i, ${cols.map((c) => `${c}, `).join('')}${stored} FROM src ORDER BY i`
  return `WITH src AS MATERIALIZED (
    SELECT x.*, x.g IS NOT NULL AND NOT ST_IsValid(x.g) AS invalid
    FROM (SELECT u.i, ${cols.map((c) => `u.${c}, `).join('')}${geom} AS g
          FROM unnest(${unnest.join(', ')}) AS u(${[...cols, 'g', 'i'].join(', ')}) OFFSET 0) x
  ), ins AS (
    INSERT INTO ${layerTable(table)} (${target.join(', ')})
    ${select}
  )
  SELECT i, reason, parts, emptied, area FROM (${repairs(geometryType, 'src WHERE invalid')}) f ORDER BY i`
}

/**
 * After a COPY of features (stored as computed): ST_IsValid on each of the fids $1, and the
 * invalid ones repaired in place (geom and geom_3857) as batchInsertSql repairs them, returning the
 * same rows. The stage's pkey finds them; rows just written are in memory.
 */
export function batchCheckSql(table: string, geometryType: GeometryType): string {
  const t = layerTable(table)
  return `WITH bad AS MATERIALIZED (
    SELECT fid AS i, geom AS g FROM ${t} WHERE fid = ANY($1::bigint[]) AND NOT ST_IsValid(geom)
  ), r AS MATERIALIZED (${repairs(geometryType, 'bad')}
  ), upd AS (
    UPDATE ${t} s SET geom = r.fg, geom_3857 = ST_Transform(r.fg, 3857) FROM r WHERE s.fid = r.i
  )
  SELECT i, reason, parts, emptied, area FROM r ORDER BY i`
}
