import type { AttributeType } from '../catalog/catalog.types.js'

/** The Postgres type a layer column of each catalog attribute type has (see catalog/layer-table.ts). */
export const SQL_TYPE_OF: Record<AttributeType, string> = {
  text: 'text',
  integer: 'integer',
  bigint: 'bigint',
  number: 'float8',
  decimal: 'numeric',
  boolean: 'boolean',
  date: 'date',
  timestamp: 'timestamptz',
}

/**
 * Append `value` to `params` and return its placeholder, cast to `sqlType` so Postgres never has to
 * guess (and both databases plan the same). Every value from a request goes through here.
 */
export function bindParam(params: unknown[], value: unknown, sqlType: string): string {
  params.push(value)
  return `$${params.length}::${sqlType}`
}

/** A string literal for a name that comes from the catalog (JSON keys in json_build_object). */
export function sqlStringLiteral(text: string): string {
  return `'${text.replace(/'/g, "''")}'`
}
