import { bind, expectKind, predicate, type OperatorHandler, type Translator } from './context.js'
import { isDateString } from './literals.js'
import { dateAsTimestamp } from './scalar.js'
import { TEMPORAL_OPS, type TemporalOp } from './types.js'

type Granularity = 'date' | 'timestamp'

/**
 * One end of a period: SQL of a date or timestamp, a literal string not bound yet (a relation
 * may not use every end, and PostgreSQL refuses unused parameters), or open ("..").
 */
type Bound = { sql: string; granularity: Granularity } | { literal: string; granularity: Granularity } | 'open'

interface Period {
  start: Bound
  end: Bound
}

/** A period resolved to SQL of one type: start and end expressions. */
interface Ends {
  s: string
  e: string
}

// Allen's interval relations as CQL2 defines them (OGC 21-065r2 §7.10); an instant is a period
// whose start is its end, so the same table serves instants and intervals.
const RELATIONS: Record<TemporalOp, (a: Ends, b: Ends) => string[]> = {
  t_after: (a, b) => [`${a.s} > ${b.e}`],
  t_before: (a, b) => [`${a.e} < ${b.s}`],
  t_contains: (a, b) => [`${a.s} < ${b.s}`, `${a.e} > ${b.e}`],
  t_disjoint: (a, b) => [`(${a.s} > ${b.e} OR ${a.e} < ${b.s})`],
  t_during: (a, b) => [`${a.s} > ${b.s}`, `${a.e} < ${b.e}`],
  t_equals: (a, b) => [`${a.s} = ${b.s}`, `${a.e} = ${b.e}`],
  t_finishedBy: (a, b) => [`${a.s} < ${b.s}`, `${a.e} = ${b.e}`],
  t_finishes: (a, b) => [`${a.s} > ${b.s}`, `${a.e} = ${b.e}`],
  t_intersects: (a, b) => [`${a.s} <= ${b.e}`, `${a.e} >= ${b.s}`],
  t_meets: (a, b) => [`${a.e} = ${b.s}`],
  t_metBy: (a, b) => [`${a.s} = ${b.e}`],
  t_overlappedBy: (a, b) => [`${a.s} > ${b.s}`, `${a.s} < ${b.e}`, `${a.e} > ${b.e}`],
  t_overlaps: (a, b) => [`${a.s} < ${b.s}`, `${a.e} > ${b.s}`, `${a.e} < ${b.e}`],
  t_startedBy: (a, b) => [`${a.s} = ${b.s}`, `${a.e} > ${b.e}`],
  t_starts: (a, b) => [`${a.s} = ${b.s}`, `${a.e} < ${b.e}`],
}

/**
 * T_* functions on dates, timestamps and intervals. When only dates take part they are compared
 * as dates; when a timestamp takes part, a date stands for its whole day in UTC.
 */
const temporalPredicate: OperatorHandler = (op, args, t) => {
  const [a, b] = args.map((arg) => period(arg, t, op.toUpperCase()))
  const granularity = [a.start, a.end, b.start, b.end].some((x) => x !== 'open' && x.granularity === 'timestamp') ? 'timestamp' : 'date'
  const conditions = [...new Set(RELATIONS[op as TemporalOp](resolve(a, granularity, t), resolve(b, granularity, t)))]
  return predicate(`(${conditions.join(' AND ')})`, `${op.toUpperCase()}(…)`)
}

export const TEMPORAL_HANDLERS: ReadonlyMap<string, OperatorHandler> = new Map(TEMPORAL_OPS.map((op) => [op, temporalPredicate]))

function period(node: unknown, t: Translator, where: string): Period {
  if (typeof node === 'object' && node !== null && 'interval' in node) {
    const [start, end] = (node as { interval: unknown[] }).interval.map((b) => intervalBound(b, t, where))
    return { start, end }
  }
  const instant = instantBound(node, t, where)
  return { start: instant, end: instant }
}

function intervalBound(node: unknown, t: Translator, where: string): Bound {
  if (node === '..') return 'open'
  if (typeof node === 'string') {
    return { literal: node, granularity: isDateString(node) ? 'date' : 'timestamp' }
  }
  return instantBound(node, t, where)
}

function instantBound(node: unknown, t: Translator, where: string): Bound {
  const value = expectKind(t.value(node), ['date', 'timestamp'], where)
  return { sql: `(${value.sql})`, granularity: value.kind as Granularity }
}

/** The ends as SQL, each made (and its literal bound) only when a relation first uses it. */
function resolve(p: Period, granularity: Granularity, t: Translator): Ends {
  let s: string | undefined
  let e: string | undefined
  return {
    get s() {
      return (s ??= boundSql(p.start, granularity, 'start', t))
    },
    get e() {
      return (e ??= boundSql(p.end, granularity, 'end', t))
    },
  }
}

function boundSql(bound: Bound, granularity: Granularity, side: 'start' | 'end', t: Translator): string {
  const type = granularity === 'date' ? 'date' : 'timestamptz'
  if (bound === 'open') return side === 'start' ? `'-infinity'::${type}` : `'infinity'::${type}`
  const sql = 'sql' in bound ? bound.sql : bind(t.ctx, bound.literal, bound.granularity === 'date' ? 'date' : 'timestamptz')
  if (bound.granularity === granularity) return sql
  return side === 'start' ? dateAsTimestamp(sql) : `(${dateAsTimestamp(`${sql} + 1`)} - interval '1 microsecond')`
}
