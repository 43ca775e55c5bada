import type { Geometry } from 'geojson'
import { bind, expectKind, propertyValue, type Cql2SqlContext, type OperatorHandler, type SqlValue, type Translator } from './context.js'
import { Cql2Error } from './errors.js'
import { SCALAR_HANDLERS } from './scalar.js'
import { geometryLiteral, SPATIAL_HANDLERS } from './spatial.js'
import { TEMPORAL_HANDLERS } from './temporal.js'
import { FUNCTION_HANDLERS } from './text-functions.js'
import { ARRAY_OPS, type Cql2Bbox, type Cql2Expression, type Cql2Operation } from './types.js'
import { validateCql2 } from './validate.js'

const HANDLERS: ReadonlyMap<string, OperatorHandler> = new Map([...SCALAR_HANDLERS, ...FUNCTION_HANDLERS, ...SPATIAL_HANDLERS, ...TEMPORAL_HANDLERS])

/**
 * Translate a filter into a SQL boolean expression over one layer table. Property names are
 * resolved only through `ctx.properties` (unknown ones are refused), every literal becomes a bind
 * parameter appended to `ctx.params`, and operand types are checked so that the database never
 * sees a comparison it would reject. Throws Cql2Error (400) for anything the filter gets wrong.
 */
export function cql2ToSql(expr: Cql2Expression, ctx: Cql2SqlContext): string {
  const tree = validateCql2(expr)
  const translator: Translator = { ctx, value: (node) => valueSql(node as Cql2Expression, translator) }
  const result = translator.value(tree)
  return expectKind(result, 'boolean', 'A filter').sql
}

function valueSql(node: Cql2Expression, t: Translator): SqlValue {
  switch (typeof node) {
    case 'string':
      return { sql: bind(t.ctx, node, 'text'), kind: 'string', label: `'${node.length > 40 ? `${node.slice(0, 40)}…` : node}'` }
    case 'number':
      return { sql: bind(t.ctx, node, 'numeric'), kind: 'number', label: String(node) }
    case 'boolean':
      return { sql: bind(t.ctx, node, 'boolean'), kind: 'boolean', label: String(node).toUpperCase() }
  }
  if (node === null) throw new Cql2Error('null is not a CQL2 value; to test for a missing value use IS NULL.')
  if (Array.isArray(node)) throw new Cql2Error('A list of values can only follow IN, e.g. name IN (\'a\', \'b\'); OneMap has no array-valued properties.')
  return objectSql(node, t)
}

function objectSql(node: Exclude<Cql2Expression, string | number | boolean | null | Cql2Expression[]>, t: Translator): SqlValue {
  if ('op' in node) return operationSql(node, t)
  if ('property' in node) return propertyValue(t.ctx, node.property)
  if ('date' in node) return { sql: bind(t.ctx, node.date, 'date'), kind: 'date', label: `DATE('${node.date}')` }
  if ('timestamp' in node) return { sql: bind(t.ctx, node.timestamp, 'timestamptz'), kind: 'timestamp', label: `TIMESTAMP('${node.timestamp}')` }
  if ('interval' in node) throw new Cql2Error('An INTERVAL can only be an argument of a temporal function such as T_INTERSECTS.')
  return geometryLiteral(node as Geometry | Cql2Bbox, t.ctx)
}

function operationSql(node: Cql2Operation, t: Translator): SqlValue {
  const handler = HANDLERS.get(node.op)
  if (handler) return handler(node.op, node.args, t)
  if ((ARRAY_OPS as readonly string[]).includes(node.op)) {
    throw new Cql2Error(`${node.op.toUpperCase()} is not supported: OneMap layers have no array-valued properties.`)
  }
  throw new Cql2Error(`Unknown function "${node.op}": OneMap offers the CQL2 standard operators and functions only (no custom functions).`)
}
