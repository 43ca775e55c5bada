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

/** Turns the repaired parts `mv` into the column's type; NULL when several parts meet a single-type layer. */
function fitRepaired(geometryType: GeometryType): string {
  return geometryType.startsWith('Multi') ? 'ST_Multi(mv)' : 'CASE WHEN ST_NumGeometries(mv) = 1 THEN ST_GeometryN(mv, 1) END'
}

/**
 * One INSERT per batch: attribute arrays and hex EWKB unnested, transformed to EPSG:4490, checked
 * with ST_IsValid, and only the invalid ones repaired (ST_MakeValid, structure method) and fitted
 * back to the layer's type. It returns a row per repaired feature: PostGIS's reason, the number
 * of parts the repair produced, whether anything was left, and (polygons) the repaired official area.
 */
export function batchInsertSql(table: string, attributes: AttributeDef[], sourceSrid: number, geometryType: GeometryType): string {
  const n = attributes.length
  const cols = attributes.map((_, i) => `c${i}`)
  const unnest = [...attributes.map((a, i) => `$${i + 1}::${ARRAY_TYPES[a.type]}`), `$${n + 1}::text[]`, `$${n + 2}::integer[]`]
  const geom = sourceSrid === 4490 ? 'u.g::geometry' : 'ST_Transform(u.g::geometry, 4490)'
  const area = geometryType.includes('Polygon') ? 'CASE WHEN fg IS NULL OR ST_IsEmpty(fg) THEN 0 ELSE onemap.ellipsoid_area(fg) END' : 'NULL::numeric'
  return `WITH src AS MATERIALIZED (
    SELECT u.i, ${cols.map((c) => `u.${c}, `).join('')}${geom} AS g
    FROM unnest(${unnest.join(', ')}) AS u(${[...cols, 'g', 'i'].join(', ')})
  ), detail AS MATERIALIZED (
    -- ST_IsValidDetail rather than ST_IsValid: the same GEOS check, without a NOTICE per invalid row.
    SELECT src.*, CASE WHEN g IS NOT NULL THEN ST_IsValidDetail(g) END AS d FROM src
  ), chk AS MATERIALIZED (
    SELECT detail.*, CASE WHEN d IS NULL OR (d).valid THEN NULL
      ELSE (d).reason || coalesce('[' || ${coordinate('ST_X((d).location)')} || ' ' || ${coordinate('ST_Y((d).location)')} || ']', '') END AS reason FROM detail
  ), fixed AS MATERIALIZED (
    SELECT chk.*, CASE WHEN reason IS NOT NULL THEN ST_CollectionExtract(ST_MakeValid(g, 'method=structure'), ${dimension(geometryType)}) END AS mv FROM chk
  ), fitted AS MATERIALIZED (
    SELECT fixed.*, CASE WHEN reason IS NULL THEN g WHEN ST_IsEmpty(mv) THEN NULL ELSE ${fitRepaired(geometryType)} END AS fg FROM fixed
  ), ins AS (
    INSERT INTO ${layerTable(table)} (${[...attributes.map((a) => quoteIdent(a.name)), 'geom'].join(', ')})
    SELECT ${[...cols, 'fg'].join(', ')} FROM fitted ORDER BY i
  )
  SELECT i, reason, ST_NumGeometries(mv) AS parts, fg IS NULL AS emptied, ${area} AS area
  FROM fitted WHERE reason IS NOT NULL ORDER BY i`
}
