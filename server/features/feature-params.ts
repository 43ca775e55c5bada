import type { AttributeType, LayerEntry } from '../catalog/catalog.types.js'
import type { CrsInfo } from '../crs/crs.js'
import { BadRequestError } from '../errors/problem.js'
import type { BboxValues, DatetimeBound, DatetimeRange, PropertyEquals, SortKey } from './feature-query.types.js'

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/

/** Parse `bbox`: 4 numbers (or 6, whose heights are ignored) in the axis order of `crs`. */
export function parseBbox(text: string, crs: CrsInfo): BboxValues {
  const parts = text.split(',').map((p) => p.trim())
  if ((parts.length !== 4 && parts.length !== 6) || !parts.every((p) => NUMBER.test(p))) {
    throw new BadRequestError(`bbox must be four comma-separated numbers (minimum and maximum of each axis, e.g. bbox=105.9,37.4,106.1,37.6), got "${text}".`)
  }
  const n = parts.map(Number)
  const bbox: BboxValues = parts.length === 6 ? [n[0]!, n[1]!, n[3]!, n[4]!] : [n[0]!, n[1]!, n[2]!, n[3]!]
  checkBboxOrder(bbox, text)
  if (!crs.projected) checkBboxRange(bbox, crs, text)
  return bbox
}

function checkBboxOrder(bbox: BboxValues, text: string): void {
  if (bbox[0] > bbox[2] || bbox[1] > bbox[3]) {
    throw new BadRequestError(`bbox "${text}" has a lower corner above or right of its upper corner. Give minimum values first; boxes across the antimeridian are not supported.`)
  }
}

function checkBboxRange(bbox: BboxValues, crs: CrsInfo, text: string): void {
  const [lonA, latA, lonB, latB] = crs.northFirst ? [bbox[1], bbox[0], bbox[3], bbox[2]] : bbox
  if (Math.abs(latA) > 90 || Math.abs(latB) > 90 || Math.abs(lonA) > 180 || Math.abs(lonB) > 180) {
    const order = crs.northFirst ? 'latitude,longitude (this CRS is north-first)' : 'longitude,latitude'
    throw new BadRequestError(`bbox "${text}" is outside the range of ${crs.title}: give ${order} in degrees.`)
  }
}

const DATE = /^\d{4}-\d{2}-\d{2}$/
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/

function parseDatetimeBound(text: string, whole: string): DatetimeBound | null {
  if (text === '' || text === '..') return null
  const ok = (DATE.test(text) || DATE_TIME.test(text)) && !Number.isNaN(Date.parse(DATE.test(text) ? `${text}T00:00:00Z` : text))
  if (!ok) {
    throw new BadRequestError(`datetime "${whole}" is not valid: use an RFC 3339 date or date-time (2023-06-01 or 2023-06-01T08:00:00Z), or an interval start/end where either end may be ".." or empty.`)
  }
  return { value: text, dateOnly: DATE.test(text) }
}

/** Parse `datetime`: an instant, or an interval `start/end` with `..` or empty for an open end. */
export function parseDatetime(text: string): DatetimeRange {
  const parts = text.split('/')
  if (parts.length === 1) {
    const instant = parseDatetimeBound(text, text)
    if (!instant) throw new BadRequestError(`datetime "${text}" is not valid: give a date, a date-time or an interval start/end.`)
    return { start: instant, end: instant }
  }
  if (parts.length !== 2) throw new BadRequestError(`datetime "${text}" is not valid: an interval has exactly one "/".`)
  const range = { start: parseDatetimeBound(parts[0]!, text), end: parseDatetimeBound(parts[1]!, text) }
  if (!range.start && !range.end) throw new BadRequestError(`datetime "${text}" is open at both ends; leave the parameter out instead.`)
  if (range.start && range.end && boundTime(range.start) > boundTime(range.end)) {
    throw new BadRequestError(`datetime "${text}" ends before it starts.`)
  }
  return range
}

function boundTime(bound: DatetimeBound): number {
  return Date.parse(bound.dateOnly ? `${bound.value}T00:00:00Z` : bound.value)
}

/** Parse `limit`: a whole number ≥ 1; above `max` it is lowered to `max` (OGC API Features /req/core/fc-limit-response). */
export function parseLimit(text: string | undefined, defaultLimit: number, max: number): number {
  if (text === undefined) return defaultLimit
  if (!/^\d+$/.test(text.trim()) || Number(text) < 1) {
    throw new BadRequestError(`limit must be a whole number from 1 to ${max}, got "${text}".`)
  }
  return Math.min(Number(text), max)
}

/** Parse `offset`: a whole number ≥ 0 (how many matching features to skip). */
export function parseOffset(text: string | undefined): number {
  if (text === undefined) return 0
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(Number(text))) {
    throw new BadRequestError(`offset must be a whole number ≥ 0 (features to skip), got "${text}".`)
  }
  return Number(text)
}

function attributeNames(layer: LayerEntry): string {
  return layer.attributes.map((a) => a.name).join(', ') || '(this layer has no attributes)'
}

/** Parse `properties`: attribute names to output, comma-separated; empty means none. */
export function parseProperties(text: string, layer: LayerEntry): string[] {
  const names = text.split(',').map((n) => n.trim()).filter(Boolean)
  const known = new Set(layer.attributes.map((a) => a.name))
  const unknown = names.filter((n) => !known.has(n))
  if (unknown.length) {
    throw new BadRequestError(`properties names unknown attributes: ${unknown.join(', ')}. This collection has: ${attributeNames(layer)}.`)
  }
  return [...new Set(names)]
}

/** Parse `sortby`: comma-separated attribute names (or id), each optionally prefixed by + or -. */
export function parseSortby(text: string, layer: LayerEntry): SortKey[] {
  const known = new Set(['id', ...layer.attributes.map((a) => a.name)])
  return text.split(',').map((s) => s.trim()).filter(Boolean).map((item) => {
    const descending = item.startsWith('-')
    const property = item.replace(/^[+-]/, '')
    if (!known.has(property)) {
      throw new BadRequestError(`sortby names "${property}", which this collection does not have. Sort by id or one of: ${attributeNames(layer)}; prefix - for descending.`)
    }
    return { property, descending }
  })
}

const VALUE_CHECKS: Partial<Record<AttributeType, { test: (v: string) => boolean; expected: string }>> = {
  integer: { test: (v) => /^[+-]?\d+$/.test(v) && Math.abs(Number(v)) <= 2147483647, expected: 'a whole number' },
  bigint: { test: (v) => /^[+-]?\d+$/.test(v) && Number.isSafeInteger(Number(v)), expected: 'a whole number' },
  number: { test: (v) => NUMBER.test(v), expected: 'a number' },
  decimal: { test: (v) => NUMBER.test(v), expected: 'a number' },
  boolean: { test: (v) => v === 'true' || v === 'false', expected: 'true or false' },
  date: { test: (v) => DATE.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`)), expected: 'a date such as 2023-06-01' },
  timestamp: { test: (v) => DATE_TIME.test(v) && !Number.isNaN(Date.parse(v)), expected: 'a date-time such as 2023-06-01T08:00:00Z' },
}

/** Check the value of a `?NAME=value` equality filter against the attribute's type. */
export function parsePropertyEquals(layer: LayerEntry, property: string, value: string): PropertyEquals {
  const attribute = layer.attributes.find((a) => a.name === property)
  if (!attribute) throw new BadRequestError(`"${property}" is not an attribute of this collection. Attributes: ${attributeNames(layer)}.`)
  const check = VALUE_CHECKS[attribute.type]
  if (check && !check.test(value.trim())) {
    throw new BadRequestError(`${property}=${value}: ${property} is ${attribute.type}, so the value must be ${check.expected}.`)
  }
  return { property, value: attribute.type === 'text' ? value : value.trim() }
}
