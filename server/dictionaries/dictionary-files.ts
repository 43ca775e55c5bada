import { createHash } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import {
  CODE_KINDS, LAND_GROUPS, SANDALEI,
  type Crosswalk, type CrosswalkLink, type Dictionary, type DictionaryBundle, type DictionaryCode, type KcxsEntry, type KcxsTable,
} from './dictionary.types.js'
import { validateBundle } from './dictionary-validate.js'

/** data/dictionaries/ in the repository: codes/, crosswalk/ and kcxs/ sub-folders of JSON files. */
export const DICTIONARY_DIR = fileURLToPath(new URL('../../data/dictionaries/', import.meta.url))

/** Bump when the mapping from files to tables changes, so every database re-seeds once. */
const SEED_FORMAT = 'onemap-dictionaries/1'

type Json = Record<string, unknown>

interface RawFile {
  name: string
  text: string
}

/** Read, parse and validate every dictionary file. Throws with the file name on any defect. */
export function readDictionaryFiles(dir: string = DICTIONARY_DIR): DictionaryBundle {
  const files = { codes: readFolder(dir, 'codes'), crosswalk: readFolder(dir, 'crosswalk'), kcxs: readFolder(dir, 'kcxs') }
  const bundle: DictionaryBundle = {
    dictionaries: files.codes.map((f) => withFile(f, parseDictionary)),
    crosswalks: files.crosswalk.map((f) => withFile(f, parseCrosswalk)),
    kcxs: files.kcxs.map((f) => withFile(f, parseKcxs)),
    contentHash: hashFiles([...files.codes, ...files.crosswalk, ...files.kcxs]),
  }
  validateBundle(bundle)
  return bundle
}

function readFolder(dir: string, sub: string): RawFile[] {
  const names = readdirSync(join(dir, sub)).filter((n) => n.endsWith('.json')).sort()
  return names.map((n) => ({ name: `${sub}/${n}`, text: readFileSync(join(dir, sub, n), 'utf8') }))
}

function withFile<T>(file: RawFile, parse: (json: Json) => T): T {
  try {
    return parse(JSON.parse(file.text) as Json)
  } catch (error) {
    throw new Error(`data/dictionaries/${file.name}: ${(error as Error).message}`)
  }
}

function hashFiles(files: RawFile[]): string {
  const hash = createHash('sha256').update(SEED_FORMAT)
  for (const f of [...files].sort((a, b) => a.name.localeCompare(b.name))) hash.update(`\0${f.name}\0${f.text}`)
  return hash.digest('hex')
}

function parseDictionary(json: Json): Dictionary {
  const kind = requireString(json, 'kind')
  if (kind !== 'land_class' && kind !== 'attribute') throw new Error(`"kind" must be land_class or attribute, not ${kind}`)
  return {
    id: requireString(json, 'id'),
    title: parseTitle(json),
    kind,
    fields: (json.fields as string[] | undefined) ?? [],
    source: optionalString(json, 'source'),
    note: optionalString(json, 'note'),
    codes: requireArray(json, 'codes').map((c) => parseCode(c as Json, kind === 'land_class')),
  }
}

/** Fills the defaults of one code entry; groups default to [group]. */
export function parseCode(json: Json, landClass: boolean): DictionaryCode {
  const code = requireString(json, 'code')
  const group = (optionalString(json, 'group') as DictionaryCode['group']) ?? null
  const entry: DictionaryCode = {
    code,
    name_zh: requireString(json, 'name_zh'),
    name_en: requireString(json, 'name_en'),
    level: (json.level as number | undefined) ?? 1,
    parent: optionalString(json, 'parent'),
    group,
    groups: (json.groups as DictionaryCode['groups'] | undefined) ?? (group ? [group] : []),
    sandalei: (optionalString(json, 'sandalei') as DictionaryCode['sandalei']) ?? null,
    kind: (optionalString(json, 'kind') as DictionaryCode['kind']) ?? 'class',
    base: optionalString(json, 'base'),
    aliases: (json.aliases as string[] | undefined) ?? [],
    note: optionalString(json, 'note'),
    unconfirmed: json.unconfirmed === true,
    extra: (json.extra as Json | undefined) ?? {},
  }
  checkCodeValues(entry, landClass)
  return entry
}

function checkCodeValues(c: DictionaryCode, landClass: boolean): void {
  const where = `code ${c.code}`
  if (![1, 2, 3].includes(c.level)) throw new Error(`${where}: level must be 1, 2 or 3`)
  if (!CODE_KINDS.includes(c.kind)) throw new Error(`${where}: unknown kind ${c.kind}`)
  if (c.sandalei !== null && !SANDALEI.includes(c.sandalei)) throw new Error(`${where}: unknown sandalei ${c.sandalei}`)
  for (const g of c.groups) if (!LAND_GROUPS.includes(g)) throw new Error(`${where}: unknown group ${g}`)
  if (c.group !== null && !c.groups.includes(c.group)) throw new Error(`${where}: groups must include the primary group`)
  if (landClass && c.group === null) throw new Error(`${where}: a land class needs a group`)
  if (c.unconfirmed && !c.note) throw new Error(`${where}: an unconfirmed code needs a note saying why`)
}

function parseCrosswalk(json: Json): Crosswalk {
  return {
    from: requireString(json, 'from'),
    to: requireString(json, 'to'),
    title: parseTitle(json),
    source: optionalString(json, 'source'),
    note: optionalString(json, 'note'),
    links: requireArray(json, 'links').map((l) => parseLink(l as Json)),
  }
}

function parseLink(json: Json): CrosswalkLink {
  const relation = requireString(json, 'relation')
  if (!['same_code', 'same_name', 'base_code', 'candidate'].includes(relation)) throw new Error(`unknown relation ${relation}`)
  return {
    from: requireString(json, 'from'),
    to: requireString(json, 'to'),
    relation: relation as CrosswalkLink['relation'],
    exact: json.exact === true,
    note: optionalString(json, 'note'),
  }
}

function parseKcxs(json: Json): KcxsTable {
  return {
    source: requireString(json, 'source'),
    title: parseTitle(json),
    note: optionalString(json, 'note'),
    illustrative: json.illustrative === true,
    entries: requireArray(json, 'entries').map((e) => parseKcxsEntry(e as Json)),
  }
}

function parseKcxsEntry(json: Json): KcxsEntry {
  const entry = { region: requireString(json, 'region'), gdlx: json.gdlx, gdpdjb: json.gdpdjb, kcxs: json.kcxs } as KcxsEntry
  const where = `KCXS ${entry.region}/${String(entry.gdlx)}/${String(entry.gdpdjb)}`
  if (entry.region !== '*' && !/^\d{2}(\d{2}(\d{2})?)?$/.test(entry.region)) throw new Error(`${where}: region must be '*' or a 2-, 4- or 6-digit code`)
  if (entry.gdlx !== 'TT' && entry.gdlx !== 'PD') throw new Error(`${where}: gdlx must be TT or PD`)
  if (![2, 3, 4, 5].includes(entry.gdpdjb)) throw new Error(`${where}: gdpdjb must be 2–5 (grade 1 has no deduction)`)
  if (typeof entry.kcxs !== 'number' || entry.kcxs < 0 || entry.kcxs >= 1) throw new Error(`${where}: kcxs must be a number in [0, 1)`)
  return entry
}

function parseTitle(json: Json): { zh: string; en: string } {
  const title = json.title as Json | undefined
  if (!title) throw new Error('"title" {zh, en} is required')
  return { zh: requireString(title, 'zh'), en: requireString(title, 'en') }
}

function requireString(json: Json, key: string): string {
  const value = json[key]
  if (typeof value !== 'string' || value === '') throw new Error(`"${key}" must be a non-empty string`)
  return value
}

function optionalString(json: Json, key: string): string | null {
  const value = json[key]
  if (value === undefined || value === null) return null
  if (typeof value !== 'string') throw new Error(`"${key}" must be a string`)
  return value
}

function requireArray(json: Json, key: string): unknown[] {
  const value = json[key]
  if (!Array.isArray(value)) throw new Error(`"${key}" must be an array`)
  return value
}
