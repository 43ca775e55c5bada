/**
 * The 三调 working-classification codes (DOMAIN §1.1) the demo uses, with names, the group each
 * counts under (§1.3) and the conventional map colours. A test checks every code against the
 * platform dictionary, so this table cannot drift from it unnoticed.
 */
export type LandGroup = '耕地' | '园地' | '林地' | '草地' | '湿地' | '建设' | '交通' | '水域' | '其他'

export interface LandClass { code: string; name: string; group: LandGroup; color: string }

const TABLE: readonly (readonly [string, string, LandGroup, string])[] = [
  ['0101', '水田', '耕地', '#f2e98e'],
  ['0102', '水浇地', '耕地', '#f5e6a8'],
  ['0103', '旱地', '耕地', '#faefc8'],
  ['0201', '果园', '园地', '#e8b65c'],
  ['0204', '其他园地', '园地', '#efc987'],
  ['0201K', '可调整果园', '园地', '#e3c38f'],
  ['0301', '乔木林地', '林地', '#3f9a4a'],
  ['0305', '灌木林地', '林地', '#7dbb6c'],
  ['0307', '其他林地', '林地', '#9ccf8a'],
  ['0301K', '可调整乔木林地', '林地', '#8fbf8a'],
  ['0401', '天然牧草地', '草地', '#b5dc7b'],
  ['0403', '人工牧草地', '草地', '#c9e69b'],
  ['0404', '其他草地', '草地', '#d9ecb1'],
  ['0402', '沼泽草地', '湿地', '#8fd1bf'],
  ['1106', '内陆滩涂', '湿地', '#b7e0d6'],
  ['1108', '沼泽地', '湿地', '#6fbfae'],
  ['05H1', '商业服务业设施用地', '建设', '#e57373'],
  ['0508', '物流仓储用地', '建设', '#d7a0a0'],
  ['0601', '工业用地', '建设', '#c97b7b'],
  ['0602', '采矿用地', '建设', '#b88a7a'],
  ['0701', '城镇住宅用地', '建设', '#f19a9a'],
  ['0702', '农村宅基地', '建设', '#f4b6b6'],
  ['08H1', '机关团体新闻出版用地', '建设', '#e58fb0'],
  ['08H2', '科教文卫用地', '建设', '#ea9fc0'],
  ['0809', '公用设施用地', '建设', '#d88aa8'],
  ['0810', '公园与绿地', '建设', '#a6d99a'],
  ['09', '特殊用地', '建设', '#b07aa1'],
  ['1003', '公路用地', '交通', '#c9a8a8'],
  ['1004', '城镇村道路用地', '交通', '#d8bcbc'],
  ['1006', '农村道路', '交通', '#e2cfc2'],
  ['1101', '河流水面', '水域', '#6cb4e4'],
  ['1102', '湖泊水面', '水域', '#82c0ea'],
  ['1104', '坑塘水面', '水域', '#9dcdee'],
  ['1104A', '养殖坑塘', '水域', '#a9d4f0'],
  ['1107', '沟渠', '水域', '#b4dbf2'],
  ['1109', '水工建筑用地', '建设', '#9fa8c8'],
  ['1202', '设施农用地', '其他', '#e0d6b0'],
  ['1204', '盐碱地', '其他', '#dcdcdc'],
  ['1205', '沙地', '其他', '#e8dfc8'],
  ['1206', '裸土地', '其他', '#d2cbbf'],
  ['1207', '裸岩石砾地', '其他', '#b8b8b8'],
]

export const LAND_CLASSES: readonly LandClass[] = TABLE.map(([code, name, group, color]) => ({ code, name, group, color }))

const BY_CODE = new Map(LAND_CLASSES.map((c) => [c.code, c]))

/** The class for a code the generator uses; throws on a code outside the table (a generator bug). */
export function landClass(code: string): LandClass {
  const c = BY_CODE.get(code)
  if (!c) throw new Error(`demo generator used land class ${code}, which is not in its table`)
  return c
}

export function isCultivated(code: string): boolean {
  return code === '0101' || code === '0102' || code === '0103'
}

/** Construction in the broad sense (建设 and 交通), for change detection and approvals. */
export function isBuilt(code: string): boolean {
  const g = landClass(code).group
  return g === '建设' || g === '交通'
}

/** Legend colours per group, conventional for Chinese land-use maps. */
export const GROUP_LEGEND: readonly { group: LandGroup; en: string; color: string }[] = [
  { group: '耕地', en: 'Cultivated', color: '#f5e6a8' },
  { group: '园地', en: 'Orchard', color: '#e8b65c' },
  { group: '林地', en: 'Forest', color: '#3f9a4a' },
  { group: '草地', en: 'Grassland', color: '#b5dc7b' },
  { group: '湿地', en: 'Wetland', color: '#8fd1bf' },
  { group: '建设', en: 'Construction', color: '#f19a9a' },
  { group: '交通', en: 'Transport', color: '#c9a8a8' },
  { group: '水域', en: 'Water', color: '#6cb4e4' },
  { group: '其他', en: 'Other / unused', color: '#c8c8c8' },
]
