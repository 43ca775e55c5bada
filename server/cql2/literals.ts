import type { Geometry, Position } from 'geojson'
import { Cql2Error } from './errors.js'

/** Running totals over one filter, so the limits hold for the whole filter, not per literal. */
export interface LiteralBudget {
  vertices: number
  maxVertices: number
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/
const TIMESTAMP_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?Z$/

function validCalendarDate(y: number, m: number, d: number): boolean {
  const date = new Date(Date.UTC(y, m - 1, d))
  return y >= 1 && date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d
}

export function isDateString(value: string): boolean {
  const m = DATE_RE.exec(value)
  return m !== null && validCalendarDate(+m[1], +m[2], +m[3])
}

export function isTimestampString(value: string): boolean {
  const m = TIMESTAMP_RE.exec(value)
  return m !== null && validCalendarDate(+m[1], +m[2], +m[3]) && +m[4] < 24 && +m[5] < 60 && +m[6] <= 60
}

/** A DATE literal: YYYY-MM-DD, a real calendar day. */
export function checkDate(value: unknown): string {
  if (typeof value === 'string' && isDateString(value)) return value
  throw new Cql2Error(`${JSON.stringify(value)} is not a valid date: write a calendar date as YYYY-MM-DD, e.g. DATE('2022-04-16').`)
}

/** A TIMESTAMP literal in UTC; an all-zero fraction (".000000") is dropped so equal instants read the same. */
export function checkTimestamp(value: unknown): string {
  if (typeof value === 'string' && isTimestampString(value)) return value.replace(/\.0+Z$/, 'Z')
  throw new Cql2Error(`${JSON.stringify(value)} is not a valid timestamp: write a UTC instant as YYYY-MM-DDTHH:MM:SSZ, e.g. TIMESTAMP('2022-04-16T10:13:19Z').`)
}

/** One bound of an INTERVAL given as a string: '..' (open), a date or a timestamp. */
export function checkIntervalString(value: string): string {
  if (value === '..' || isDateString(value)) return value
  if (isTimestampString(value)) return checkTimestamp(value)
  throw new Cql2Error(`${JSON.stringify(value)} is not a valid interval bound: use a date (2022-04-16), a UTC timestamp (2022-04-16T10:13:19Z) or '..' for an open end.`)
}

/** BBOX: 4 numbers (west, south, east, north) or 6 (with minimum and maximum elevation). */
export function checkBbox(value: unknown): number[] {
  if (Array.isArray(value) && (value.length === 4 || value.length === 6) && value.every((n) => typeof n === 'number' && Number.isFinite(n))) {
    return [...value]
  }
  throw new Cql2Error('A BBOX needs 4 numbers (west, south, east, north) or 6 (west, south, minimum elevation, east, north, maximum elevation).')
}

function checkPosition(value: unknown, budget: LiteralBudget): Position {
  if (!Array.isArray(value) || value.length < 2 || value.length > 4 || !value.every((n) => typeof n === 'number' && Number.isFinite(n))) {
    throw new Cql2Error(`${JSON.stringify(value)?.slice(0, 80)} is not a coordinate: use 2 numbers (or 3 with a height).`)
  }
  if (++budget.vertices > budget.maxVertices) {
    throw new Cql2Error(`The geometries in the filter have more than ${budget.maxVertices} vertices; simplify them or filter by a smaller area.`)
  }
  return [...value]
}

function checkPositions(value: unknown, min: number, what: string, budget: LiteralBudget): Position[] {
  if (!Array.isArray(value) || value.length < min) throw new Cql2Error(`A ${what} needs at least ${min} coordinates.`)
  return value.map((p) => checkPosition(p, budget))
}

function checkRing(value: unknown, budget: LiteralBudget): Position[] {
  const ring = checkPositions(value, 4, 'polygon ring', budget)
  const first = ring[0]
  const last = ring[ring.length - 1]
  if (first[0] !== last[0] || first[1] !== last[1]) {
    throw new Cql2Error(`A polygon ring must end where it starts: the ring starting at (${first[0]} ${first[1]}) ends at (${last[0]} ${last[1]}).`)
  }
  return ring
}

function checkList<T>(value: unknown, what: string, item: (v: unknown) => T): T[] {
  if (!Array.isArray(value) || value.length === 0) throw new Cql2Error(`A ${what} needs at least one member.`)
  return value.map(item)
}

const SIMPLE_GEOMETRIES: Record<string, (c: unknown, b: LiteralBudget) => unknown> = {
  Point: (c, b) => checkPosition(c, b),
  LineString: (c, b) => checkPositions(c, 2, 'line string', b),
  Polygon: (c, b) => checkList(c, 'polygon', (r) => checkRing(r, b)),
  MultiPoint: (c, b) => checkList(c, 'multi-point', (p) => checkPosition(p, b)),
  MultiLineString: (c, b) => checkList(c, 'multi-line string', (l) => checkPositions(l, 2, 'line string', b)),
  MultiPolygon: (c, b) => checkList(c, 'multi-polygon', (p) => checkList(p, 'polygon', (r) => checkRing(r, b))),
}

/** A GeoJSON geometry literal (RFC 7946 structure; a collection may not contain collections). */
export function checkGeometry(value: Record<string, unknown>, budget: LiteralBudget, inCollection = false): Geometry {
  const type = value.type
  if (type === 'GeometryCollection' && !inCollection) {
    const members = checkList(value.geometries, 'geometry collection', (g) => checkMember(g, budget))
    return { type, geometries: members }
  }
  const check = typeof type === 'string' ? SIMPLE_GEOMETRIES[type] : undefined
  if (!check) {
    throw new Cql2Error(`${JSON.stringify(type)} is not a geometry type CQL2 accepts here: use Point, LineString, Polygon, MultiPoint, MultiLineString, MultiPolygon${inCollection ? '' : ' or GeometryCollection'}.`)
  }
  return { type, coordinates: check(value.coordinates, budget) } as Geometry
}

function checkMember(value: unknown, budget: LiteralBudget): Geometry {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Cql2Error('Each member of a geometry collection must be a geometry.')
  return checkGeometry(value as Record<string, unknown>, budget, true)
}
