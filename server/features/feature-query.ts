import type { LayerEntry } from '../catalog/catalog.types.js'
import { layerTable } from '../catalog/sql-names.js'
import type { FeatureQueryOptions, SortKey, SqlStatement } from './feature-query.types.js'
import { columnOf, SELECT_FEATURE, sqlFeatureRow, sqlSelectRow, TABLE_ALIAS } from './feature-select.js'
import { sqlWhere } from './feature-where.js'
import { bindParam } from './sql-values.js'

/** FROM clause: the layer's table under the alias every other clause uses. */
export function sqlFrom(layer: LayerEntry): string {
  return `FROM ${layerTable(layer.id)} AS ${TABLE_ALIAS}`
}

/** ORDER BY the sort keys, then the feature id so that pages are stable. */
export function sqlOrderBy(sortby: SortKey[] = []): string {
  const keys = sortby.map((k) => `${k.property === 'id' ? `${TABLE_ALIAS}.fid` : columnOf(k.property)} ${k.descending ? 'DESC' : 'ASC'}`)
  if (!sortby.some((k) => k.property === 'id')) keys.push(`${TABLE_ALIAS}.fid ASC`)
  return `ORDER BY ${keys.join(', ')}`
}

/** LIMIT/OFFSET as parameters; no LIMIT when `limit` is absent (exports read everything). */
export function sqlLimitOffset(options: Pick<FeatureQueryOptions, 'limit' | 'offset'>, params: unknown[]): string {
  const parts: string[] = []
  if (options.limit !== undefined) parts.push(`LIMIT ${bindParam(params, options.limit, 'bigint')}`)
  if (options.offset) parts.push(`OFFSET ${bindParam(params, options.offset, 'bigint')}`)
  return parts.join(' ')
}

/**
 * The page's rows in a subquery, the output built only for them. Without it Postgres would build the
 * GeoJSON of every row an OFFSET skips, which is most of the work on deep pages.
 */
function sqlPageFrom(layer: LayerEntry, options: FeatureQueryOptions, params: unknown[]): string {
  const inner = [`SELECT ${TABLE_ALIAS}.*`, sqlFrom(layer), sqlWhere(layer, options, params), sqlOrderBy(options.sortby), sqlLimitOffset(options, params)]
  return `FROM (${inner.filter(Boolean).join('\n  ')}) AS ${TABLE_ALIAS}`
}

/** The statement around a SELECT list; `joins` are further FROM items (LATERAL) that the list uses. */
function assemble(select: string, layer: LayerEntry, options: FeatureQueryOptions, joins?: string): SqlStatement {
  const params: unknown[] = []
  const more = joins ? `,\n  ${joins}` : ''
  if (options.limit !== undefined || options.offset) {
    return { sql: [select, sqlPageFrom(layer, options, params) + more, sqlOrderBy(options.sortby)].join('\n'), params }
  }
  const clauses = [select, sqlFrom(layer) + more, sqlWhere(layer, options, params), sqlOrderBy(options.sortby)]
  return { sql: clauses.filter(Boolean).join('\n'), params }
}

/**
 * The features a request selects, one row per feature with a single text column `feature`: a
 * complete GeoJSON Feature (id, geometry in the output CRS, properties), built by the database.
 */
export function buildFeatureQuery(layer: LayerEntry, options: FeatureQueryOptions): SqlStatement {
  return assemble(SELECT_FEATURE, layer, options, sqlFeatureRow(layer, options))
}

/**
 * The same selection as rows {id, properties (object), geometry (GeoJSON text or null)}, for
 * writers that need the values one by one (exports, HTML tables).
 */
export function buildFeatureRowsQuery(layer: LayerEntry, options: FeatureQueryOptions): SqlStatement {
  return assemble(sqlSelectRow(layer, options), layer, options)
}

/**
 * How many features match, counting at most `cap` + 1 rows so that a huge match stays cheap; a
 * result above `cap` means "more than cap". Paging options are ignored.
 */
export function buildCountQuery(layer: LayerEntry, options: FeatureQueryOptions, cap: number): SqlStatement {
  const params: unknown[] = []
  const where = sqlWhere(layer, options, params)
  const inner = [`SELECT 1`, sqlFrom(layer), where, `LIMIT ${bindParam(params, cap + 1, 'bigint')}`].filter(Boolean).join('\n')
  return { sql: `SELECT count(*)::bigint AS n FROM (${inner}) AS matched`, params }
}

/** True when the options restrict the features (so the catalog's feature_count is not the answer). */
export function hasSelection(layer: LayerEntry, options: FeatureQueryOptions): boolean {
  const params: unknown[] = []
  return sqlWhere(layer, options, params) !== ''
}
