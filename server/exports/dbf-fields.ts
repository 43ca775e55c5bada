import type { AttributeType } from '../catalog/catalog.types.js'
import type { ExportField } from './export.types.js'

/** DBF field types written: C text, N number, L logical, D date. */
export type DbfType = 'C' | 'N' | 'L' | 'D'

/** How one attribute is stored in the DBF. */
export interface DbfFieldSpec {
  /** Catalog name, the key in row properties. */
  name: string
  /** Name in the DBF (≤ 10 bytes). */
  dbfName: string
  type: DbfType
  width: number
  decimals: number
  /** Numbers written in their shortest exact form instead of with fixed decimals (doubles). */
  shortest?: boolean
}

/** Text is at most 254 bytes per value in a DBF. */
export const DBF_TEXT_MAX = 254
/** Doubles as GDAL writes them: 24 characters, up to 15 decimals. */
const DOUBLE = { width: 24, decimals: 15 }
/**
 * Integer widths as GDAL writes them (N 9 reads back as Integer, N 18 as Integer64), wider only
 * when the values need it.
 */
const INTEGER = { integer: { min: 9, max: 11 }, bigint: { min: 18, max: 20 } }
/** Decimals (TBMJ-like areas) keep their scale, at least 2 places, in at least 18 characters. */
const DECIMAL_MIN = { width: 18, decimals: 2 }
const DECIMAL_MAX = { width: 31, decimals: 15 }

const FIXED: Partial<Record<AttributeType, Omit<DbfFieldSpec, 'name' | 'dbfName'>>> = {
  number: { type: 'N', ...DOUBLE, shortest: true },
  boolean: { type: 'L', width: 1, decimals: 0 },
  date: { type: 'D', width: 8, decimals: 0 },
  // DBF has no date-time type: ISO 8601 text such as 2024-05-01T08:30:00.000Z.
  timestamp: { type: 'C', width: 24, decimals: 0 },
}

/** The DBF column for an attribute; text and decimal widths come from the measured data. */
export function dbfFieldSpec(field: ExportField, dbfName: string): DbfFieldSpec {
  const fixed = FIXED[field.type]
  if (fixed) return { name: field.name, dbfName, ...fixed }
  if (field.type === 'integer' || field.type === 'bigint') return { name: field.name, dbfName, type: 'N', ...integerSize(field, INTEGER[field.type]) }
  if (field.type === 'decimal') return { name: field.name, dbfName, type: 'N', ...decimalSize(field) }
  const width = Math.min(DBF_TEXT_MAX, Math.max(1, field.stats?.maxBytes ?? DBF_TEXT_MAX))
  return { name: field.name, dbfName, type: 'C', width, decimals: 0 }
}

function integerSize(field: ExportField, range: { min: number; max: number }): { width: number; decimals: number } {
  return { width: Math.min(range.max, Math.max(range.min, field.stats?.intDigits ?? 0)), decimals: 0 }
}

function decimalSize(field: ExportField): { width: number; decimals: number } {
  const decimals = Math.min(DECIMAL_MAX.decimals, Math.max(DECIMAL_MIN.decimals, field.stats?.scale ?? 0))
  const needed = (field.stats?.intDigits ?? 1) + decimals + 2
  return { width: Math.min(DECIMAL_MAX.width, Math.max(DECIMAL_MIN.width, needed)), decimals }
}

/**
 * ASCII text of a non-text value as the DBF holds it, or null for "no value" (written as blanks:
 * DBF has no true NULL for numbers; readers such as GDAL read blanks back as null).
 */
export function formatDbfValue(spec: DbfFieldSpec, value: unknown): string | null {
  if (value === null || value === undefined || value === '') return null
  switch (spec.type) {
    case 'N':
      return formatNumber(Number(value), spec)
    case 'L':
      return value === true || value === 'true' ? 'T' : 'F'
    case 'D':
      return String(value).slice(0, 10).replace(/-/g, '')
    case 'C':
      return String(value)
  }
}

/** Fixed decimals when the field has them, else the shortest exact form; always within the width. */
function formatNumber(value: number, spec: DbfFieldSpec): string | null {
  if (!Number.isFinite(value)) return null
  const fixed = spec.shortest ? String(value) : value.toFixed(spec.decimals)
  if (fixed.length <= spec.width) return fixed
  for (let digits = Math.min(17, spec.width - 6); digits >= 1; digits--) {
    const text = value.toPrecision(digits)
    if (text.length <= spec.width) return text
  }
  return null
}
