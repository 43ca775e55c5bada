import { Cql2Error } from './errors.js'
import { CQL2_LIMITS, type Cql2Limits } from './limits.js'
import { checkBbox, checkDate, checkGeometry, checkIntervalString, checkTimestamp, type LiteralBudget } from './literals.js'
import { CANONICAL_OPS, OPERATOR_ARITY, type Cql2Expression, type Cql2Operation } from './types.js'

interface Walk {
  limits: Cql2Limits
  budget: LiteralBudget
}

/**
 * Check that a value is a well-formed CQL2 JSON expression and return it normalised: standard
 * operator names in their JSON spelling, timestamps without an all-zero fraction, geometries
 * reduced to type and coordinates. Enforces the depth, list and vertex limits. Types (is this
 * a number?) are checked later, against the queryables, by the translator.
 */
export function validateCql2(value: unknown, limits: Cql2Limits = CQL2_LIMITS): Cql2Expression {
  return check(value, '$', 0, { limits, budget: { vertices: 0, maxVertices: limits.maxVertices } })
}

function check(value: unknown, path: string, depth: number, w: Walk): Cql2Expression {
  if (depth > w.limits.maxDepth) {
    throw new Cql2Error(`The filter is nested more than ${w.limits.maxDepth} levels deep; write it with fewer nested parentheses or operators.`, { path })
  }
  try {
    return checkValue(value, path, depth, w)
  } catch (err) {
    if (err instanceof Cql2Error && err.extra.path === undefined) (err.extra as Record<string, unknown>).path = path
    throw err
  }
}

function checkValue(value: unknown, path: string, depth: number, w: Walk): Cql2Expression {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value
    case 'number':
      if (Number.isFinite(value)) return value
      throw new Cql2Error('Numbers in a filter must be finite.')
    case 'object':
      if (value === null) throw new Cql2Error('null is not a CQL2 value; to test for a missing value use IS NULL ({"op":"isNull"}).')
      return Array.isArray(value) ? checkList(value, path, depth, w) : checkObject(value as Record<string, unknown>, path, depth, w)
    default:
      throw notCql2()
  }
}

function notCql2(): Cql2Error {
  return new Cql2Error(
    'This is not a CQL2 JSON expression: expected an operation {"op": …, "args": […]}, a property {"property": …}, ' +
      'a string, number or boolean, {"date": …}, {"timestamp": …}, {"interval": […]}, {"bbox": […]} or a GeoJSON geometry.',
  )
}

function checkList(list: unknown[], path: string, depth: number, w: Walk): Cql2Expression[] {
  if (list.length > w.limits.maxListItems) {
    throw new Cql2Error(`A list in the filter has ${list.length} items; at most ${w.limits.maxListItems} are allowed. Split the filter or use a range.`)
  }
  return list.map((item, i) => check(item, `${path}[${i}]`, depth + 1, w))
}

function checkObject(o: Record<string, unknown>, path: string, depth: number, w: Walk): Cql2Expression {
  if ('op' in o) return checkOperation(o, path, depth, w)
  if ('property' in o) return checkProperty(o.property)
  if ('date' in o) return { date: checkDate(o.date) }
  if ('timestamp' in o) return { timestamp: checkTimestamp(o.timestamp) }
  if ('interval' in o) return { interval: checkInterval(o.interval, path, depth, w) }
  if ('type' in o) return checkGeometry(o, w.budget)
  if ('bbox' in o) return { bbox: checkBbox(o.bbox) }
  throw notCql2()
}

function checkProperty(name: unknown): Cql2Expression {
  if (typeof name === 'string' && name.length > 0 && name.length <= 256) return { property: name }
  throw new Cql2Error('A property reference needs a name: {"property": "NAME"} (at most 256 characters).')
}

function checkOperation(o: Record<string, unknown>, path: string, depth: number, w: Walk): Cql2Operation {
  if (typeof o.op !== 'string' || o.op.length === 0 || o.op.length > 100) throw new Cql2Error('"op" must be the name of an operator or function.')
  const op = CANONICAL_OPS.get(o.op.toLowerCase()) ?? o.op
  if (!Array.isArray(o.args)) throw new Cql2Error(`The operation "${op}" needs its arguments as an array: {"op": "${op}", "args": […]}.`)
  checkArity(op, o.args.length)
  const args = checkList(o.args, `${path}.args`, depth, w)
  if (op === 'in' && !Array.isArray(args[1])) throw new Cql2Error('The second argument of IN must be a list of values, e.g. name IN (\'a\', \'b\').')
  return { op, args }
}

function checkArity(op: string, count: number): void {
  const arity = OPERATOR_ARITY.get(op)
  if (!arity || (count >= arity[0] && count <= arity[1])) return
  const wanted = arity[1] === Infinity ? `at least ${arity[0]}` : arity[0] === arity[1] ? `${arity[0]}` : `${arity[0]} to ${arity[1]}`
  throw new Cql2Error(`${op.toUpperCase()} takes ${wanted} argument${arity[1] === 1 ? '' : 's'}, not ${count}.`)
}

function checkInterval(bounds: unknown, path: string, depth: number, w: Walk): Cql2Expression[] {
  if (!Array.isArray(bounds) || bounds.length !== 2) throw new Cql2Error('An interval needs exactly two bounds: {"interval": [start, end]}.')
  return bounds.map((bound, i) => {
    if (typeof bound === 'string') return checkIntervalString(bound)
    const checked = check(bound, `${path}.interval[${i}]`, depth + 1, w)
    if (typeof checked === 'object' && checked !== null && ('property' in checked || 'op' in checked)) return checked
    throw new Cql2Error("An interval bound must be a date or timestamp string, '..', a property or a function.")
  })
}
