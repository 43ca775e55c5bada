import type { Geometry } from 'geojson'

/** An operation: a predicate, a logical or arithmetic operator, or a function call. */
export interface Cql2Operation {
  op: string
  args: Cql2Expression[]
}

/** A bounding box literal: [west, south, east, north] or with min/max elevation (6 numbers). */
export interface Cql2Bbox {
  bbox: number[]
}

/**
 * A filter, as CQL2 JSON (OGC 21-065r2): CQL2 Text is parsed into the same structure, so both
 * encodings share one validator and one translator, and the tree can be sent on as CQL2 JSON.
 */
export type Cql2Expression =
  | Cql2Operation
  | { property: string }
  | { date: string }
  | { timestamp: string }
  | { interval: Cql2Expression[] }
  | Cql2Bbox
  | Geometry
  | Cql2Expression[]
  | string
  | number
  | boolean
  | null

/** Operators whose names CQL2 fixes; JSON spellings as in the standard (camelCase kept). */
export const LOGICAL_OPS = ['and', 'or', 'not'] as const
export const COMPARISON_OPS = ['=', '<>', '<', '>', '<=', '>='] as const
export const ARITHMETIC_OPS = ['+', '-', '*', '/', '%', 'div', '^'] as const
export const SPATIAL_OPS = ['s_intersects', 's_equals', 's_disjoint', 's_touches', 's_within', 's_overlaps', 's_crosses', 's_contains'] as const
export const TEMPORAL_OPS = [
  't_after', 't_before', 't_contains', 't_disjoint', 't_during', 't_equals', 't_finishedBy', 't_finishes',
  't_intersects', 't_meets', 't_metBy', 't_overlappedBy', 't_overlaps', 't_startedBy', 't_starts',
] as const
export const ARRAY_OPS = ['a_equals', 'a_contains', 'a_containedBy', 'a_overlaps'] as const
export const OTHER_OPS = ['like', 'between', 'in', 'isNull', 'casei', 'accenti'] as const

export type SpatialOp = (typeof SPATIAL_OPS)[number]
export type TemporalOp = (typeof TEMPORAL_OPS)[number]
export type ArrayOp = (typeof ARRAY_OPS)[number]

/** Each standard operator with the number of arguments it takes ([min, max]). */
export const OPERATOR_ARITY: ReadonlyMap<string, readonly [number, number]> = new Map<string, readonly [number, number]>([
  ['and', [2, Infinity]], ['or', [2, Infinity]], ['not', [1, 1]],
  ...COMPARISON_OPS.map((op) => [op, [2, 2]] as const),
  ...ARITHMETIC_OPS.map((op) => [op, [2, 2]] as const),
  ...SPATIAL_OPS.map((op) => [op, [2, 2]] as const),
  ...TEMPORAL_OPS.map((op) => [op, [2, 2]] as const),
  ...ARRAY_OPS.map((op) => [op, [2, 2]] as const),
  ['like', [2, 2]], ['between', [3, 3]], ['in', [2, 2]], ['isNull', [1, 1]], ['casei', [1, 1]], ['accenti', [1, 1]],
])

/** Standard operator names by their lower-case form, so "S_INTERSECTS" or "T_METBY" in JSON are understood too. */
export const CANONICAL_OPS: ReadonlyMap<string, string> = new Map([...OPERATOR_ARITY.keys()].map((op) => [op.toLowerCase(), op]))
