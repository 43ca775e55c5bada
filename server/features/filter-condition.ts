import type { AttributeType, LayerEntry } from '../catalog/catalog.types.js'
import { type CrsInfo } from '../crs/crs.js'
import { BadRequestError } from '../errors/problem.js'
import { columnOf } from './feature-select.js'

/** What a CQL2 property name resolves to: a quoted column expression and its catalog type. */
export interface FilterProperty {
  column: string
  type: AttributeType
}

/** The properties a filter may name: the layer's attributes, by their catalog names. */
export function filterProperties(layer: LayerEntry): Map<string, FilterProperty> {
  return new Map(layer.attributes.map((a) => [a.name, { column: columnOf(a.name), type: a.type }]))
}

/** Compile a parsed CQL2 expression to a SQL boolean; its values are appended to `params`. */
export function compileFilter(_layer: LayerEntry, _filter: unknown, _filterCrs: CrsInfo | undefined, _params: unknown[]): string {
  throw new BadRequestError('CQL2 filters are not available on this server yet.')
}

/** The filter languages a request may name in `filter-lang`. */
export const FILTER_LANGUAGES = ['cql2-text', 'cql2-json'] as const

/** Parse the `filter` parameter in `filter-lang` (CQL2 text by default); a malformed filter is a 400. */
export function parseFilterParam(text: string, lang: string | undefined): unknown {
  if (lang !== undefined && !(FILTER_LANGUAGES as readonly string[]).includes(lang)) {
    throw new BadRequestError(`filter-lang "${lang}" is not supported. Use ${FILTER_LANGUAGES.join(' or ')}.`)
  }
  throw new BadRequestError(`CQL2 filters are not available on this server yet (filter "${text.slice(0, 80)}").`)
}
