import { Cql2Error } from './errors.js'
import { CQL2_LIMITS, type Cql2Limits } from './limits.js'
import { parseCql2Text } from './parse-text.js'
import type { Cql2Expression } from './types.js'
import { validateCql2 } from './validate.js'

export { CQL2_CONFORMANCE_CLASSES } from './conformance.js'
export type { Cql2Property, Cql2SqlContext } from './context.js'
export { Cql2Error } from './errors.js'
export { CQL2_LIMITS, type Cql2Limits } from './limits.js'
export { parseCql2Text } from './parse-text.js'
export { cql2PropertiesFromAttributes } from './properties.js'
export { cql2QueryError } from './query-error.js'
export { cql2ToSql } from './to-sql.js'
export type { Cql2Expression, Cql2Operation } from './types.js'

/** Check a CQL2 JSON value (already parsed from JSON) and return it normalised. Throws Cql2Error (400). */
export function parseCql2Json(json: unknown, limits: Cql2Limits = CQL2_LIMITS): Cql2Expression {
  return validateCql2(json, limits)
}

/** The `filter` query parameter in either encoding (filter-lang; default cql2-text). CQL2 JSON comes as a string. */
export function parseFilter(filter: string, lang: 'cql2-text' | 'cql2-json' = 'cql2-text', limits: Cql2Limits = CQL2_LIMITS): Cql2Expression {
  if (lang === 'cql2-text') return parseCql2Text(filter, limits)
  if (lang !== 'cql2-json') throw new Cql2Error(`filter-lang "${String(lang)}" is not supported; use cql2-text or cql2-json.`)
  if (typeof filter !== 'string') throw new Cql2Error('A CQL2 JSON filter must be given as a string.')
  if (filter.length > limits.maxTextLength) {
    throw new Cql2Error(`The filter is ${filter.length} characters long; at most ${limits.maxTextLength} are allowed. Simplify geometries or split the request.`)
  }
  return parseCql2Json(parseJson(filter), limits)
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch (err) {
    throw new Cql2Error(`The filter is not valid JSON (${(err as Error).message}); with filter-lang=cql2-json send a CQL2 JSON object such as {"op":"=","args":[{"property":"name"},"Berlin"]}.`)
  }
}
