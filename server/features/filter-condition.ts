import type { LayerEntry } from '../catalog/catalog.types.js'
import { SUPPORTED_CRS, STORAGE_CRS, type CrsInfo } from '../crs/crs.js'
import { cql2QueryError, cql2ToSql, parseFilter, type Cql2Expression, type Cql2Property } from '../cql2/index.js'
import { BadRequestError } from '../errors/problem.js'
import { columnOf, GEOMETRY_COLUMN } from './feature-select.js'

/** The queryable name of the geometry (OGC convention); the CQL2 translator also accepts "geom". */
export const GEOMETRY_PROPERTY = 'geometry'

/** The filter languages a request may name in `filter-lang`. */
export const FILTER_LANGUAGES = ['cql2-text', 'cql2-json'] as const
type FilterLanguage = (typeof FILTER_LANGUAGES)[number]

/** The properties a filter may name: the layer's attributes (quoted, table-qualified columns) and its geometry. */
export function filterProperties(layer: LayerEntry): Map<string, Cql2Property> {
  const properties = new Map<string, Cql2Property>(layer.attributes.map((a) => [a.name, { column: columnOf(a.name), type: a.type }]))
  if (!properties.has(GEOMETRY_PROPERTY)) properties.set(GEOMETRY_PROPERTY, { column: GEOMETRY_COLUMN, type: 'geometry' })
  return properties
}

/**
 * Compile a parsed CQL2 expression to a SQL boolean over the layer's columns; its values are
 * appended to `params`. Geometry literals are read in `filterCrs` (CRS84 by default) and brought
 * to the storage CRS on the literal side, so the geometry index still applies.
 */
export function compileFilter(layer: LayerEntry, filter: unknown, filterCrs: CrsInfo | undefined, params: unknown[]): string {
  const crs = filterCrs ?? SUPPORTED_CRS[0]!
  return cql2ToSql(filter as Cql2Expression, {
    properties: filterProperties(layer),
    geometryColumn: GEOMETRY_COLUMN,
    storageSrid: STORAGE_CRS.srid,
    filterSrid: crs.srid,
    filterNorthFirst: crs.northFirst,
    params,
  })
}

/** Parse the `filter` parameter in `filter-lang` (CQL2 text by default); a malformed or hostile filter is a 400. */
export function parseFilterParam(text: string, lang: string | undefined): Cql2Expression {
  if (lang !== undefined && !(FILTER_LANGUAGES as readonly string[]).includes(lang)) {
    throw new BadRequestError(`filter-lang "${lang}" is not supported. Use ${FILTER_LANGUAGES.join(' or ')}.`)
  }
  return parseFilter(text, lang as FilterLanguage | undefined)
}

/**
 * Run `work` (which executes a filtered query); an error the filter's values caused while running
 * (a division by zero, an overflow…) becomes a 400 saying so, anything else is rethrown.
 */
export async function withFilterErrors<T>(hasFilter: boolean, work: () => Promise<T>): Promise<T> {
  try {
    return await work()
  } catch (error) {
    throw (hasFilter && cql2QueryError(error)) || error
  }
}
