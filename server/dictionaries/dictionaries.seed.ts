import type { Database, Queryable } from '../db/database.js'
import type { DictionaryBundle } from './dictionary.types.js'
import { dictionaryBundle } from './land-classes.js'
import { readSqlSections, sqlStatement } from './sql-sections.js'

const sections = readSqlSections(new URL('./dictionaries.seed.sql', import.meta.url))
const SQL = Object.fromEntries(
  ['upsertDictionaries', 'upsertCodes', 'deleteStaleCodes', 'deleteCrosswalks', 'insertCrosswalks', 'deleteManagedKcxs', 'insertKcxs', 'storedHash', 'storeHash']
    .map((name) => [name, sqlStatement(sections, name)]),
)

/** Any fixed number: serialises the seed when several OneMap instances start at once. */
const SEED_LOCK = 72_160_012

export interface SeedResult {
  /** False when the database already held exactly these files (nothing was written). */
  changed: boolean
  contentHash: string
}

/**
 * Load data/dictionaries/ into the onemap dictionary tables. Runs on every start: when the stored
 * content hash matches the files it costs one small query and writes nothing.
 */
export async function seedDictionaries(db: Database): Promise<void> {
  await syncDictionaries(db)
}

/** seedDictionaries, reporting whether anything was written. */
export async function syncDictionaries(db: Database, bundle: DictionaryBundle = dictionaryBundle()): Promise<SeedResult> {
  const unchanged = { changed: false, contentHash: bundle.contentHash }
  if ((await storedHash(db)) === bundle.contentHash) return unchanged
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [SEED_LOCK])
    if ((await storedHash(tx)) === bundle.contentHash) return unchanged
    await writeDictionaries(tx, bundle)
    return { changed: true, contentHash: bundle.contentHash }
  })
}

async function storedHash(db: Queryable): Promise<string | undefined> {
  const { rows } = await db.query<{ content_hash: string }>(SQL.storedHash!)
  return rows[0]?.content_hash
}

/** Upsert every dictionary, code, crosswalk link and KCXS row of the bundle; call inside a transaction. */
export async function writeDictionaries(tx: Queryable, bundle: DictionaryBundle): Promise<void> {
  await tx.query(SQL.upsertDictionaries!, [JSON.stringify(dictionaryRows(bundle))])
  const codes = codeRows(bundle)
  await tx.query(SQL.upsertCodes!, [JSON.stringify(codes)])
  await tx.query(SQL.deleteStaleCodes!, [bundle.dictionaries.map((d) => d.id), codes.map((c) => c.dictionary_id), codes.map((c) => c.code)])
  await tx.query(SQL.deleteCrosswalks!, [bundle.crosswalks.map((c) => c.from), bundle.crosswalks.map((c) => c.to)])
  await tx.query(SQL.insertCrosswalks!, [JSON.stringify(crosswalkRows(bundle))])
  await tx.query(SQL.deleteManagedKcxs!)
  await tx.query(SQL.insertKcxs!, [JSON.stringify(kcxsRows(bundle))])
  await tx.query(SQL.storeHash!, [bundle.contentHash])
}

function dictionaryRows(bundle: DictionaryBundle) {
  return bundle.dictionaries.map((d, i) => ({
    id: d.id, title_zh: d.title.zh, title_en: d.title.en, kind: d.kind, fields: d.fields, source: d.source, note: d.note, sort_order: i,
  }))
}

function codeRows(bundle: DictionaryBundle) {
  return bundle.dictionaries.flatMap((d) => d.codes.map((c, i) => ({
    dictionary_id: d.id, code: c.code, name_zh: c.name_zh, name_en: c.name_en, level: c.level, parent_code: c.parent,
    land_group: c.group, groups: c.groups, sandalei: c.sandalei, kind: c.kind, base_code: c.base, aliases: c.aliases,
    note: c.note, unconfirmed: c.unconfirmed, extra: c.extra, sort_order: i,
  })))
}

function crosswalkRows(bundle: DictionaryBundle) {
  return bundle.crosswalks.flatMap((w) => w.links.map((l) => ({
    from_dictionary: w.from, from_code: l.from, to_dictionary: w.to, to_code: l.to, relation: l.relation, exact: l.exact, note: l.note,
  })))
}

function kcxsRows(bundle: DictionaryBundle) {
  return bundle.kcxs.flatMap((t) => t.entries.map((e) => ({
    region_code: e.region, gdlx: e.gdlx, gdpdjb: e.gdpdjb, kcxs: e.kcxs, source: t.source, illustrative: t.illustrative,
  })))
}
