/** Statistical groups of land classes (DOMAIN §1.3). */
export const LAND_GROUPS = ['耕地', '园地', '林地', '草地', '湿地', '建设用地', '其他'] as const
export type LandGroup = (typeof LAND_GROUPS)[number]

/** English keys accepted wherever a group is named. */
export const LAND_GROUP_EN: Record<LandGroup, string> = {
  耕地: 'cultivated', 园地: 'plantation', 林地: 'forest', 草地: 'grassland', 湿地: 'wetland', 建设用地: 'construction', 其他: 'other',
}

/** 《土地管理法》三大类. */
export const SANDALEI = ['农用地', '建设用地', '未利用地'] as const
export type Sandalei = (typeof SANDALEI)[number]

/** class, or a special DLBM value: K suffix, A suffix, 城镇村 code, 单独图层 code. */
export const CODE_KINDS = ['class', 'adjustable', 'refined', 'czc', 'layer'] as const
export type CodeKind = (typeof CODE_KINDS)[number]

export type DictionaryKind = 'land_class' | 'attribute'

/** One code of a dictionary, with every optional field of the JSON file filled in. */
export interface DictionaryCode {
  code: string
  name_zh: string
  name_en: string
  /** 1 一级, 2 二级, 3 三级 (or a K/A/城镇村 refinement of a 二级 class). */
  level: number
  parent: string | null
  /** Primary group; land-class dictionaries only. */
  group: LandGroup | null
  /** Every group the code belongs to (includes `group`). */
  groups: LandGroup[]
  sandalei: Sandalei | null
  kind: CodeKind
  /** For K/A/城镇村 refinements: the class they refine. */
  base: string | null
  aliases: string[]
  note: string | null
  /** True where the sources disagree or are missing (DOMAIN [U]); `note` says why. */
  unconfirmed: boolean
  extra: Record<string, unknown>
}

export interface Dictionary {
  id: string
  title: { zh: string; en: string }
  kind: DictionaryKind
  /** Standard field names whose values this dictionary lists. */
  fields: string[]
  source: string | null
  note: string | null
  codes: DictionaryCode[]
}

export type CrosswalkRelation = 'same_code' | 'same_name' | 'base_code' | 'candidate'

export interface CrosswalkLink {
  from: string
  to: string
  relation: CrosswalkRelation
  /** The one target the code converts to without further information. */
  exact: boolean
  note: string | null
}

export interface Crosswalk {
  from: string
  to: string
  title: { zh: string; en: string }
  source: string | null
  note: string | null
  links: CrosswalkLink[]
}

/** One 田坎系数: region '*' or a 2/4/6-digit 行政区划 prefix. */
export interface KcxsEntry {
  region: string
  gdlx: 'TT' | 'PD'
  gdpdjb: 2 | 3 | 4 | 5
  kcxs: number
}

export interface KcxsTable {
  source: string
  title: { zh: string; en: string }
  note: string | null
  illustrative: boolean
  entries: KcxsEntry[]
}

/** Everything in data/dictionaries/, validated, with a hash of the files' contents. */
export interface DictionaryBundle {
  dictionaries: Dictionary[]
  crosswalks: Crosswalk[]
  kcxs: KcxsTable[]
  contentHash: string
}
