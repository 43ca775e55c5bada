import { readDictionaryFiles } from './dictionary-files.js'
import type { CrosswalkLink, Dictionary, DictionaryBundle, DictionaryCode, LandGroup, Sandalei } from './dictionary.types.js'

export type * from './dictionary.types.js'
export { LAND_GROUPS, LAND_GROUP_EN, SANDALEI } from './dictionary.types.js'

/** Default dictionary of the lookups: the 三调 working classification. */
export const SANDIAO = 'sandiao'
/** The 2023 用地用海 classification. */
export const YDYH2023 = 'ydyh2023'

interface Index {
  bundle: DictionaryBundle
  byId: Map<string, Dictionary>
  /** dictionary id → code or alias → entry. */
  codes: Map<string, Map<string, DictionaryCode>>
  /** 三调 code → its links into the 2023 classification. */
  toYdyh: Map<string, CrosswalkLink[]>
}

let cached: Index | undefined

function index(): Index {
  cached ??= buildIndex(readDictionaryFiles())
  return cached
}

function buildIndex(bundle: DictionaryBundle): Index {
  const codes = new Map<string, Map<string, DictionaryCode>>()
  for (const d of bundle.dictionaries) {
    const map = new Map<string, DictionaryCode>()
    for (const c of d.codes) for (const a of c.aliases) map.set(a, c)
    for (const c of d.codes) map.set(c.code, c)
    codes.set(d.id, map)
  }
  const toYdyh = new Map<string, CrosswalkLink[]>()
  const crosswalk = bundle.crosswalks.find((c) => c.from === SANDIAO && c.to === YDYH2023)
  for (const l of crosswalk?.links ?? []) toYdyh.set(l.from, [...(toYdyh.get(l.from) ?? []), l])
  return { bundle, byId: new Map(bundle.dictionaries.map((d) => [d.id, d])), codes, toYdyh }
}

/** Every dictionary file, parsed and validated once per process (synchronous, cached). */
export function dictionaryBundle(): DictionaryBundle {
  return index().bundle
}

/** A dictionary by id ('sandiao', 'ydyh2023', 'zzsxdm', …), or undefined. */
export function findDictionary(id: string): Dictionary | undefined {
  return index().byId.get(id)
}

/** A code (or alias, e.g. TBLX '1') of a dictionary; surrounding spaces are ignored. */
export function findCode(dictionaryId: string, code: string | null | undefined): DictionaryCode | undefined {
  if (code === null || code === undefined) return undefined
  return index().codes.get(dictionaryId)?.get(code.trim())
}

/** 地类名称 for a DLBM, e.g. '0101' → '水田'. */
export function landClassName(dlbm: string | null | undefined, dictionary: string = SANDIAO): string | undefined {
  return findCode(dictionary, dlbm)?.name_zh
}

/** Primary group (耕地 … 其他) of a DLBM; each code has exactly one, so totals never double count. */
export function landGroup(dlbm: string | null | undefined, dictionary: string = SANDIAO): LandGroup | undefined {
  return findCode(dictionary, dlbm)?.group ?? undefined
}

/** Membership in any group of a code (三调 0603 盐田 is in 建设用地 and 湿地). */
export function inLandGroup(dlbm: string | null | undefined, group: LandGroup, dictionary: string = SANDIAO): boolean {
  return findCode(dictionary, dlbm)?.groups.includes(group) ?? false
}

/** 耕地: 0101–0103 (and 01). K codes are not 耕地. */
export function isCultivated(dlbm: string | null | undefined, dictionary: string = SANDIAO): boolean {
  return inLandGroup(dlbm, '耕地', dictionary)
}

/** In the 建设用地 group. */
export function isConstruction(dlbm: string | null | undefined, dictionary: string = SANDIAO): boolean {
  return inLandGroup(dlbm, '建设用地', dictionary)
}

/** A 可调整 (K-suffix) 三调 code. */
export function isAdjustable(dlbm: string | null | undefined): boolean {
  return findCode(SANDIAO, dlbm)?.kind === 'adjustable'
}

/** 《土地管理法》三大类 of a DLBM; null when unknown or mixed. */
export function sandaleiOf(dlbm: string | null | undefined, dictionary: string = SANDIAO): Sandalei | null {
  return findCode(dictionary, dlbm)?.sandalei ?? null
}

/** Codes of a dictionary in a group (any membership), optionally of one level, in file order. */
export function codesInGroup(group: LandGroup, dictionary: string = SANDIAO, level?: number): DictionaryCode[] {
  const codes = findDictionary(dictionary)?.codes ?? []
  return codes.filter((c) => c.groups.includes(group) && (level === undefined || c.level === level))
}

/** The 2023 code a 三调 DLBM converts to 1:1, or null when it needs a split (see crosswalkLinks). */
export function landClass2023(dlbm: string | null | undefined): string | null {
  return crosswalkLinks(dlbm).find((l) => l.exact)?.to ?? null
}

/** Every 三调 → 2023 link of a DLBM (exact and candidate). */
export function crosswalkLinks(dlbm: string | null | undefined): CrosswalkLink[] {
  const code = findCode(SANDIAO, dlbm)?.code
  return code === undefined ? [] : (index().toYdyh.get(code) ?? [])
}

/**
 * 田坎系数 from the files (shipped illustrative defaults plus any deployment file), with the same
 * precedence as SQL onemap.kcxs_for: grade 1 → 0, most specific region prefix first, '*' last.
 * The database may hold further deployment rows: for official figures use the SQL function.
 */
export function fileKcxs(gdlx: string | null | undefined, gdpdjb: string | number | null | undefined, countyCode = ''): number | null {
  const grade = Number(String(gdpdjb ?? '').trim())
  if (grade === 1) return 0
  const type = String(gdlx ?? '').trim().toUpperCase()
  const county = countyCode.trim().slice(0, 6)
  const rows = index().bundle.kcxs.flatMap((t) => t.entries)
    .filter((e) => e.gdlx === type && e.gdpdjb === grade && (e.region === '*' || county.startsWith(e.region)))
  rows.sort((a, b) => regionRank(b.region) - regionRank(a.region))
  return rows[0]?.kcxs ?? null
}

function regionRank(region: string): number {
  return region === '*' ? 0 : region.length
}
