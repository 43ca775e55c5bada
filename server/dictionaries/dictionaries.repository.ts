import type { Queryable } from '../db/database.js'
import { readSqlSections, sqlStatement } from './sql-sections.js'

const sections = readSqlSections(new URL('./dictionaries.repository.sql', import.meta.url))
const SQL = {
  listDictionaries: sqlStatement(sections, 'listDictionaries'),
  listCodes: sqlStatement(sections, 'listCodes'),
  findCode: sqlStatement(sections, 'findCode'),
  childCodes: sqlStatement(sections, 'childCodes'),
  crosswalk: sqlStatement(sections, 'crosswalk'),
  crosswalkPairs: sqlStatement(sections, 'crosswalkPairs'),
  kcxsAll: sqlStatement(sections, 'kcxsAll'),
  kcxsForRegion: sqlStatement(sections, 'kcxsForRegion'),
}

export interface DictionaryRow {
  id: string
  title_zh: string
  title_en: string
  kind: 'land_class' | 'attribute'
  fields: string[]
  source: string | null
  note: string | null
  count: number
}

export interface CodeRow {
  dictionary_id: string
  code: string
  name_zh: string
  name_en: string
  level: number
  parent_code: string | null
  land_group: string | null
  groups: string[]
  sandalei: string | null
  kind: string
  base_code: string | null
  aliases: string[]
  note: string | null
  unconfirmed: boolean
  extra: Record<string, unknown>
}

export interface CrosswalkRow {
  code: string
  name_zh: string
  name_en: string
  level: number
  kind: string
  to_code: string | null
  to_name_zh: string | null
  to_name_en: string | null
  relation: string | null
  exact: boolean | null
  note: string | null
}

export interface KcxsRow {
  region_code: string
  gdlx: string
  gdpdjb: number
  kcxs: number
  source: string
  illustrative: boolean
  managed: boolean
}

/** Every dictionary with its number of codes, in file order. */
export async function listDictionaries(db: Queryable): Promise<DictionaryRow[]> {
  return (await db.query<DictionaryRow>(SQL.listDictionaries)).rows
}

/** Codes of a dictionary, optionally only one group (any membership) and/or one level. */
export async function listCodes(db: Queryable, id: string, filter: { group?: string; level?: number }): Promise<CodeRow[]> {
  return (await db.query<CodeRow>(SQL.listCodes, [id, filter.group ?? null, filter.level ?? null])).rows
}

/** One code, found by its code or an alias. */
export async function findCode(db: Queryable, id: string, code: string): Promise<CodeRow | undefined> {
  return (await db.query<CodeRow>(SQL.findCode, [id, code])).rows[0]
}

/** The direct children of a code. */
export async function childCodes(db: Queryable, id: string, code: string): Promise<Pick<CodeRow, 'code' | 'name_zh' | 'name_en' | 'level'>[]> {
  return (await db.query<CodeRow>(SQL.childCodes, [id, code])).rows
}

/** Every code of `from` with its links into `to`; one row per link, one row for a code without any. */
export async function crosswalkRows(db: Queryable, from: string, to: string, code?: string): Promise<CrosswalkRow[]> {
  return (await db.query<CrosswalkRow>(SQL.crosswalk, [from, to, code ?? null])).rows
}

/** The (from, to) dictionary pairs that have a crosswalk. */
export async function crosswalkPairs(db: Queryable): Promise<{ from_dictionary: string; to_dictionary: string }[]> {
  return (await db.query<{ from_dictionary: string; to_dictionary: string }>(SQL.crosswalkPairs)).rows
}

/** The whole KCXS table, or (with a region code) the row that applies to each key there. */
export async function kcxsRows(db: Queryable, region?: string): Promise<KcxsRow[]> {
  if (region === undefined) return (await db.query<KcxsRow>(SQL.kcxsAll)).rows
  return (await db.query<KcxsRow>(SQL.kcxsForRegion, [region])).rows
}
