import type { AttributeType } from '../../catalog/catalog.types.js'
import { RESERVED_COLUMNS } from '../../catalog/layer-table.js'
import type { SourceField } from '../import.types.js'

/**
 * Older (二调, TD/T 1016) names of survey fields and the 三调 name they are stored under.
 * XZDWKD/XXTBKD and ZZSXDM/GDZZSXDM are both current and are kept as they come (QA reads either).
 */
export const LEGACY_SURVEY_FIELDS: Readonly<Record<string, string>> = { TKXS: 'KCXS', TKMJ: 'KCMJ', GDPDJ: 'GDPDJB' }

const SAFE = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/

/**
 * Column names for source fields: standard names (DLBM, TBMJ…) are kept as they are; names the
 * catalog cannot hold (Chinese, spaces) become field_<n> with the original as the Chinese title;
 * reserved and duplicate names get a suffix. Survey layers map the older generation's names.
 */
export function columnsFor(names: string[], types: AttributeType[], survey: boolean, notes: string[]): SourceField[] {
  const taken = new Set<string>(RESERVED_COLUMNS)
  const present = new Set(names.map((n) => n.toUpperCase()))
  return names.map((source, i) => {
    const modern = LEGACY_SURVEY_FIELDS[source.toUpperCase()]
    const mapped = survey && modern !== undefined && !present.has(modern)
    const column = unique(mapped ? modern : SAFE.test(source) ? source : `field_${i + 1}`, taken)
    if (mapped) notes.push(`Field ${source} (older survey generation) was stored as ${column}.`)
    else if (column !== source) notes.push(`Field "${source}" was stored as column ${column}.`)
    return { source, column, type: types[i]! }
  })
}

function unique(name: string, taken: Set<string>): string {
  let candidate = name
  for (let n = 1; taken.has(candidate.toLowerCase()); n++) candidate = `${name.slice(0, 58)}_${n}`
  taken.add(candidate.toLowerCase())
  return candidate
}

/** How a set of JSON values seen for one property becomes a column type (GDAL-like: mixed is text). */
export function jsonColumnType(kinds: Set<string>): AttributeType {
  const k = [...kinds].filter((x) => x !== 'null')
  if (k.length === 0) return 'text'
  if (k.every((x) => x === 'int')) return 'integer'
  if (k.every((x) => x === 'int' || x === 'bigint')) return 'bigint'
  if (k.every((x) => x === 'int' || x === 'bigint' || x === 'float')) return 'number'
  if (k.every((x) => x === 'bool')) return 'boolean'
  return 'text'
}

/** The kind of one JSON value, for jsonColumnType. */
export function jsonKind(value: unknown): string {
  if (value === null || value === undefined) return 'null'
  if (typeof value === 'number') return Number.isInteger(value) ? (Math.abs(value) <= 2147483647 ? 'int' : Number.isSafeInteger(value) ? 'bigint' : 'float') : 'float'
  if (typeof value === 'boolean') return 'bool'
  if (typeof value === 'string') return 'string'
  return 'json'
}
