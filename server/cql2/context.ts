import { Cql2Error } from './errors.js'

/** A queryable as the translator sees it: an already-quoted SQL column expression and its type. */
export interface Cql2Property {
  column: string
  type: 'text' | 'integer' | 'bigint' | 'number' | 'decimal' | 'boolean' | 'date' | 'timestamp' | 'geometry'
}

/** What a filter is translated against: one collection's queryables, its geometry and the filter CRS. */
export interface Cql2SqlContext {
  /** The queryables by name; any other property name in a filter is refused (400). */
  properties: Map<string, Cql2Property>
  /** Quoted geometry column (EPSG:4490 storage); "geometry" and "geom" name it unless a queryable has that name. */
  geometryColumn: string
  /** SRID of the geometry column (4490). */
  storageSrid: number
  /** SRID of geometry literals in the filter (filter-crs); CRS84 is 4326 with longitude first. */
  filterSrid: number
  /** True when the filter CRS lists latitude/northing first (EPSG:4326, 4490, Gauss-Krüger): literals are swapped. */
  filterNorthFirst: boolean
  /** Bind values are appended here; the SQL refers to them as $n (n = position after the push). */
  params: unknown[]
}

/** The kinds of value an expression can have in SQL. */
export type ValueKind = 'string' | 'number' | 'boolean' | 'date' | 'timestamp' | 'geometry' | 'array'

/** A translated expression: its SQL, its kind and words for it in error messages. */
export interface SqlValue {
  sql: string
  kind: ValueKind
  label: string
}

const KIND_OF_TYPE: Record<Cql2Property['type'], ValueKind> = {
  text: 'string', integer: 'number', bigint: 'number', number: 'number', decimal: 'number',
  boolean: 'boolean', date: 'date', timestamp: 'timestamp', geometry: 'geometry',
}

const GEOMETRY_NAMES = ['geometry', 'geom']

/** Append a bind value and return its typed placeholder, e.g. `$3::numeric`. */
export function bind(ctx: Cql2SqlContext, value: unknown, cast: string): string {
  ctx.params.push(value)
  return `$${ctx.params.length}::${cast}`
}

/**
 * Resolve a property name against the queryables: exactly, or ignoring case when that is
 * unambiguous (OneMap attribute names are unique ignoring case). The column SQL comes only from
 * the context, never from the filter.
 */
export function propertyValue(ctx: Cql2SqlContext, name: string): SqlValue {
  const found = ctx.properties.get(name) ?? findIgnoringCase(ctx.properties, name)
  if (found) return { sql: found.column, kind: KIND_OF_TYPE[found.type], label: `property "${name}"` }
  if (GEOMETRY_NAMES.includes(name)) return { sql: ctx.geometryColumn, kind: 'geometry', label: `property "${name}"` }
  throw new Cql2Error(
    `unknown property ${JSON.stringify(name)}; queryables are ${listQueryables(ctx)}. (Text values go in single quotes: name = 'Berlin'.)`,
    { property: name },
  )
}

function findIgnoringCase(properties: Map<string, Cql2Property>, name: string): Cql2Property | undefined {
  const lower = name.toLowerCase()
  const matches = [...properties.keys()].filter((key) => key.toLowerCase() === lower)
  return matches.length === 1 ? properties.get(matches[0]) : undefined
}

function listQueryables(ctx: Cql2SqlContext): string {
  const names = [...ctx.properties.keys()]
  if (![...ctx.properties.values()].some((p) => p.type === 'geometry')) names.push('geometry')
  const shown = names.slice(0, 50).join(', ')
  return names.length > 50 ? `${shown}, … (${names.length} in all; see /queryables)` : shown
}

const KIND_WORDS: Record<ValueKind, string> = {
  string: 'text', number: 'a number', boolean: 'a boolean', date: 'a date', timestamp: 'a timestamp', geometry: 'a geometry', array: 'an array',
}

/** "property "name" (text)" — for messages that say what was given. */
export function describe(value: SqlValue): string {
  return `${value.label} (${KIND_WORDS[value.kind]})`
}

/** Insist on one kind of value, naming where it was needed. */
export function expectKind(value: SqlValue, kinds: ValueKind | ValueKind[], where: string): SqlValue {
  const allowed = Array.isArray(kinds) ? kinds : [kinds]
  if (allowed.includes(value.kind)) return value
  throw new Cql2Error(`${where} needs ${allowed.map((k) => KIND_WORDS[k]).join(' or ')}, but got ${describe(value)}.`)
}

/** What operator handlers get: the context, and a way to translate their operands. */
export interface Translator {
  ctx: Cql2SqlContext
  value(node: unknown): SqlValue
}

/** Translates one operation; `op` is the canonical operator name. */
export type OperatorHandler = (op: string, args: unknown[], t: Translator) => SqlValue

/** A boolean SQL expression (a predicate) labelled for messages. */
export function predicate(sql: string, label: string): SqlValue {
  return { sql, kind: 'boolean', label }
}
