import type { Queryable } from '../db/database.js'
import { BadRequestError, NotFoundError } from '../errors/problem.js'
import * as repo from './dictionaries.repository.js'
import { LAND_GROUP_EN, LAND_GROUPS, type LandGroup } from './dictionary.types.js'

const ILLUSTRATIVE_NOTE = 'Some values are the illustrative defaults shipped with OneMap, not an official table: load the deployment\'s KCXS table (see docs/dictionaries.md) before reporting 田坎 areas.'

/** The public JSON shape of a dictionary code. */
export function presentCode(row: repo.CodeRow) {
  return {
    code: row.code,
    name: { zh: row.name_zh, en: row.name_en },
    level: row.level,
    parent: row.parent_code,
    group: row.land_group,
    groups: row.groups,
    sandalei: row.sandalei,
    kind: row.kind,
    base: row.base_code,
    aliases: row.aliases,
    note: row.note,
    unconfirmed: row.unconfirmed,
    extra: row.extra,
  }
}

function presentDictionary(row: repo.DictionaryRow) {
  return {
    id: row.id,
    title: { zh: row.title_zh, en: row.title_en },
    kind: row.kind,
    fields: row.fields,
    source: row.source,
    note: row.note,
    count: row.count,
    links: { self: `/api/dictionaries/${row.id}` },
  }
}

/** GET /api/dictionaries */
export async function dictionaryList(db: Queryable) {
  return { dictionaries: (await repo.listDictionaries(db)).map(presentDictionary) }
}

async function requireDictionary(db: Queryable, id: string): Promise<repo.DictionaryRow> {
  const all = await repo.listDictionaries(db)
  const found = all.find((d) => d.id === id)
  if (!found) throw new NotFoundError(`There is no dictionary "${id}". Known dictionaries: ${all.map((d) => d.id).join(', ')} (GET /api/dictionaries lists them).`)
  return found
}

/** `耕地` or its English key (`cultivated`) → the group; anything else is a 400 listing the choices. */
export function parseLandGroup(value: string): LandGroup {
  const lower = value.trim().toLowerCase()
  const group = LAND_GROUPS.find((g) => g === value.trim() || LAND_GROUP_EN[g] === lower)
  if (group) return group
  const choices = LAND_GROUPS.map((g) => `${g} (${LAND_GROUP_EN[g]})`).join(', ')
  throw new BadRequestError(`"group" must be one of ${choices}; got "${value}".`)
}

/** GET /api/dictionaries/:id — all codes, optionally one group and/or level. */
export async function dictionaryDetail(db: Queryable, id: string, query: { group?: string; level?: number }) {
  const dictionary = await requireDictionary(db, id)
  let group: LandGroup | undefined
  if (query.group !== undefined) {
    if (dictionary.kind !== 'land_class') throw new BadRequestError(`Dictionary "${id}" is not a land-class dictionary and has no groups; drop "group" or use sandiao / ydyh2023.`)
    group = parseLandGroup(query.group)
  }
  const codes = await repo.listCodes(db, id, { group, level: query.level })
  return { ...presentDictionary(dictionary), filter: { group: group ?? null, level: query.level ?? null }, codes: codes.map(presentCode) }
}

/** GET /api/dictionaries/:id/codes/:code — one code (or alias) with its children and crosswalk links. */
export async function codeDetail(db: Queryable, id: string, code: string) {
  await requireDictionary(db, id)
  const row = await repo.findCode(db, id, code.trim())
  if (!row) throw new NotFoundError(`Dictionary "${id}" has no code "${code}". GET /api/dictionaries/${id} lists its codes.`)
  const children = await repo.childCodes(db, id, row.code)
  return {
    dictionary: id,
    ...presentCode(row),
    children: children.map((c) => ({ code: c.code, name: { zh: c.name_zh, en: c.name_en }, level: c.level })),
    crosswalk: await codeCrosswalk(db, id, row.code),
  }
}

async function codeCrosswalk(db: Queryable, id: string, code: string) {
  const pairs = (await repo.crosswalkPairs(db)).filter((p) => p.from_dictionary === id)
  const out = []
  for (const p of pairs) out.push({ to: p.to_dictionary, ...groupCrosswalk(await repo.crosswalkRows(db, id, p.to_dictionary, code))[0]! })
  return out
}

/** One entry per source code: its links and, when there is one, the 1:1 target. */
function groupCrosswalk(rows: repo.CrosswalkRow[]) {
  const entries = new Map<string, ReturnType<typeof newEntry>>()
  for (const r of rows) {
    const entry = entries.get(r.code) ?? newEntry(r)
    entries.set(r.code, entry)
    if (r.to_code === null) continue
    entry.links.push({ to: r.to_code, name: { zh: r.to_name_zh!, en: r.to_name_en! }, relation: r.relation!, exact: r.exact!, note: r.note })
    if (r.exact) entry.target = r.to_code
  }
  return [...entries.values()].map((e) => ({ ...e, oneToOne: e.target !== null }))
}

function newEntry(r: repo.CrosswalkRow) {
  type Link = { to: string; name: { zh: string; en: string }; relation: string; exact: boolean; note: string | null }
  return { code: r.code, name: { zh: r.name_zh, en: r.name_en }, level: r.level, kind: r.kind, target: null as string | null, links: [] as Link[] }
}

/** GET /api/dictionaries/crosswalk — every source code with its targets. */
export async function crosswalkView(db: Queryable, query: { from: string; to: string; code?: string }) {
  const pairs = await repo.crosswalkPairs(db)
  if (!pairs.some((p) => p.from_dictionary === query.from && p.to_dictionary === query.to)) {
    const known = pairs.map((p) => `from=${p.from_dictionary}&to=${p.to_dictionary}`).join(', ')
    throw new NotFoundError(`There is no crosswalk from "${query.from}" to "${query.to}". Available: ${known}.`)
  }
  const entries = groupCrosswalk(await repo.crosswalkRows(db, query.from, query.to, query.code?.trim()))
  if (query.code !== undefined && entries.length === 0) {
    throw new NotFoundError(`Dictionary "${query.from}" has no code "${query.code}". GET /api/dictionaries/${query.from} lists its codes.`)
  }
  return { from: query.from, to: query.to, count: entries.length, entries }
}

/** GET /api/dictionaries/kcxs — the 田坎 coefficient table, or the rows that apply in one region. */
export async function kcxsView(db: Queryable, region?: string) {
  const rows = await repo.kcxsRows(db, region)
  const illustrative = rows.some((r) => r.illustrative)
  return {
    region: region ?? null,
    illustrative,
    note: illustrative ? ILLUSTRATIVE_NOTE : null,
    entries: rows.map((r) => ({ region: r.region_code, gdlx: r.gdlx, gdpdjb: r.gdpdjb, kcxs: r.kcxs, source: r.source, illustrative: r.illustrative, managed: r.managed })),
  }
}
