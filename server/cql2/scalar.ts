import { describe, expectKind, predicate, type OperatorHandler, type SqlValue } from './context.js'
import { Cql2Error } from './errors.js'
import type { Cql2Operation } from './types.js'

// Text order is code-point order on every database and locale (the ATS counts assume it too).
const TEXT_ORDER = 'COLLATE "C"'

const INSTANTS = ['date', 'timestamp']

/** A date compared with a timestamp is the start of that day in UTC. */
export function dateAsTimestamp(sql: string): string {
  return `((${sql})::timestamp AT TIME ZONE 'UTC')`
}

/** Bring operands to one kind (dates meet timestamps as timestamps) or say why they cannot be compared. */
function unify(values: SqlValue[], what: string): string[] {
  const kinds = new Set(values.map((v) => v.kind))
  if (kinds.size === 2 && [...kinds].every((k) => INSTANTS.includes(k))) {
    return values.map((v) => (v.kind === 'date' ? dateAsTimestamp(v.sql) : `(${v.sql})`))
  }
  if (kinds.size > 1) {
    const other = values.find((v) => v.kind !== values[0].kind)!
    throw new Cql2Error(`${what} cannot compare ${describe(values[0])} with ${describe(other)}; compare values of the same type.`)
  }
  if (values[0].kind === 'geometry') throw new Cql2Error(`${what} does not compare geometries; use a spatial function such as S_EQUALS or S_INTERSECTS.`)
  if (values[0].kind === 'array') throw new Cql2Error(`${what} does not compare arrays; use an array function such as A_EQUALS.`)
  return values.map((v) => `(${v.sql})`)
}

function ordered(values: SqlValue[], sql: string[]): string[] {
  return values[0].kind === 'string' ? [`${sql[0]} ${TEXT_ORDER}`, ...sql.slice(1)] : sql
}

const comparison: OperatorHandler = (op, args, t) => {
  const values = args.map((a) => t.value(a))
  const [left, right] = ordered(values, unify(values, `The operator ${op}`))
  return predicate(`(${left} ${op} ${right})`, `a comparison (${op})`)
}

const between: OperatorHandler = (_op, args, t) => {
  const values = args.map((a) => t.value(a))
  const [value, low, high] = ordered(values, unify(values, 'BETWEEN'))
  return predicate(`(${value} BETWEEN ${low} AND ${high})`, 'a BETWEEN predicate')
}

const inList: OperatorHandler = (_op, args, t) => {
  const list = args[1] as unknown[]
  if (list.length === 0) throw new Cql2Error('IN needs at least one value in its list.')
  const [value, ...items] = unify([t.value(args[0]), ...list.map((item) => t.value(item))], 'IN')
  return predicate(`(${value} IN (${items.join(', ')}))`, 'an IN predicate')
}

const isNull: OperatorHandler = (_op, args, t) => predicate(`((${t.value(args[0]).sql}) IS NULL)`, 'an IS NULL predicate')

/** LIKE patterns: % and _ are wildcards and \ escapes them, which is also PostgreSQL's default. */
const like: OperatorHandler = (_op, args, t) => {
  checkPattern(args[1])
  const value = expectKind(t.value(args[0]), 'string', 'LIKE')
  const pattern = expectKind(t.value(args[1]), 'string', 'The LIKE pattern')
  return predicate(`((${value.sql}) LIKE (${pattern.sql}))`, 'a LIKE predicate')
}

/** The pattern is a literal, possibly inside CASEI/ACCENTI, and must not end in a lone escape. */
function checkPattern(node: unknown): void {
  let inner = node
  while (isCaseOrAccentFunction(inner)) inner = inner.args[0]
  if (typeof inner !== 'string') throw new Cql2Error("The pattern of LIKE must be a character string such as 'B_r%' (optionally inside CASEI or ACCENTI).")
  const trailing = /\\*$/.exec(inner)![0].length
  if (trailing % 2 === 1) throw new Cql2Error(`The LIKE pattern '${inner.slice(0, 40)}' ends with the escape character \\; write \\\\ to match a backslash.`)
}

function isCaseOrAccentFunction(node: unknown): node is Cql2Operation {
  return typeof node === 'object' && node !== null && 'op' in node && ['casei', 'accenti'].includes((node as Cql2Operation).op)
}

const logical: OperatorHandler = (op, args, t) => {
  const parts = args.map((a) => expectKind(t.value(a), 'boolean', op.toUpperCase()).sql)
  if (op === 'not') return predicate(`(NOT ${parts[0]})`, 'a NOT expression')
  return predicate(`(${parts.join(` ${op.toUpperCase()} `)})`, `an ${op.toUpperCase()} expression`)
}

/** Standard comparison, logical and advanced comparison operators. */
export const SCALAR_HANDLERS: ReadonlyMap<string, OperatorHandler> = new Map([
  ...['=', '<>', '<', '>', '<=', '>='].map((op) => [op, comparison] as const),
  ['between', between], ['in', inList], ['isNull', isNull], ['like', like],
  ['and', logical], ['or', logical], ['not', logical],
])

