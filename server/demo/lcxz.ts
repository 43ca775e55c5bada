/**
 * 林草湿调查 lcxz_2024 (DOMAIN §2.5): forest, grass and wetland 小班 on their own tessellation,
 * classified from the same landscape as DLTB. Because the boundaries differ, and because the
 * forest survey records some things differently (shelterbelts and 退耕还林 on farmland, shrubland
 * the land survey calls grass), it disagrees with DLTB in a realistic minority of places (R4).
 */
import type { FeatureRow } from '../catalog/feature-writer.js'
import { villageAt } from './admin.js'
import { attrs, demoSource } from './attributes.js'
import { slopeGrade } from './landscape.js'
import { isCultivated, landClass } from './land-classes.js'
import { fillArea, inBatches, type DemoLayer } from './layer-loader.js'
import { Rng, weighted } from './random.js'
import { mountainFrontX, type Km } from './region.js'
import { categoryFill } from './styles.js'
import { cellKm, cellUnit, centroid, makeSeeds, polygonJson, tessellate, type Tessellation } from './tessellation.js'
import { codeOf, type World } from './world.js'

const LCXZ_ATTRIBUTES = attrs([
  ['XIAN', 'text', '县', 'County code'], ['XIANG', 'text', '乡', 'Township code'], ['CUN', 'text', '村', 'Village code'],
  ['LIN_BAN', 'text', '林班', 'Compartment'], ['XIAO_BAN', 'text', '小班', 'Sub-compartment'],
  ['DI_LEI', 'text', '地类', 'Land class'], ['DI_LEI_MC', 'text', '地类名称', 'Land class name'],
  ['ZBFGLX', 'text', '植被覆盖类型', 'Vegetation cover'], ['SEN_LIN_LB', 'text', '森林类别', 'Forest category'],
  ['SHI_QUAN_D', 'text', '事权等级', 'Administrative level'], ['BH_DJ', 'text', '保护等级', 'Protection grade'],
  ['QI_YUAN', 'text', '起源', 'Origin'], ['LIN_ZHONG', 'text', '林种', 'Forest type'],
  ['YU_BI_DU', 'number', '郁闭度/覆盖度', 'Canopy / cover'], ['CD_L', 'text', '草原类', 'Grassland class'],
  ['PO_DU', 'integer', '坡度', 'Slope (°)'], ['XBMJ', 'decimal', '小班面积', 'Sub-compartment area (m²)'],
])

/**
 * The 林草 class of a 小班, or null when it is not forest, grass or wetland for this survey: the
 * land survey's class where the 小班's centre lies, except where the two surveys classify differently.
 */
function forestClass(world: World, i: number, p: Km): string | null {
  const t = world.tess
  const code = codeOf(world, t.voronoi.delaunay.find(p[0] * t.stretch, p[1]))
  const group = landClass(code).group
  const v = cellUnit(world.seed, 301, i)
  if (isCultivated(code)) return v < 0.025 ? weighted(cellUnit(world.seed, 302, i), [['0301', 2], ['0307', 1], ['0305', 1]]) : null
  if (code === '0404' && v < 0.08) return '0305'
  if (code === '0305' && v < 0.05) return '0404'
  if (group === '林地' || group === '草地' || group === '湿地') return code.replace('K', '')
  if (code === '0201' && v < 0.2) return '0307'
  return null
}

function zbfglx(code: string): string {
  const g = landClass(code).group
  if (g === '湿地') return '湿生植被'
  if (g === '草地') return '草本植被'
  return code === '0301' ? '乔木林' : code === '0305' ? '灌木林' : '其他林地植被'
}

function forestFields(rng: Rng, code: string, mountain: boolean): Record<string, unknown> {
  const g = landClass(code).group
  if (g !== '林地') {
    return { CD_L: g === '草地' ? (mountain ? '温性草原' : rng.pick(['温性荒漠草原', '低地草甸'])) : null, YU_BI_DU: Math.round(rng.range(0.2, 0.8) * 100) / 100, BH_DJ: g === '湿地' ? '2' : null }
  }
  const publicForest = mountain || rng.chance(0.5)
  return {
    SEN_LIN_LB: publicForest ? '1' : '2', SHI_QUAN_D: publicForest ? (mountain ? '10' : '20') : null,
    BH_DJ: mountain ? (rng.chance(0.6) ? '1' : '2') : rng.pick(['3', '3', '4']),
    QI_YUAN: mountain ? '11' : rng.pick(['21', '21', '23']),
    LIN_ZHONG: mountain ? rng.pick(['111', '112']) : rng.pick(['113', '114', '114', '117', '240']),
    YU_BI_DU: Math.round(rng.range(0.2, 0.7) * 100) / 100,
  }
}

function* rows(world: World, tess: Tessellation): Iterable<FeatureRow> {
  const seqs = new Map<number, number>()
  for (let i = 0; i < tess.count; i++) {
    const ring = cellKm(tess, i)
    if (!ring) continue
    const p = centroid(ring)
    const vi = villageAt(world.plan, p)
    const v = world.plan.villages[vi]
    const u = cellUnit(world.seed, 303, i)
    const code = forestClass(world, i, p)
    if (!code) continue
    const n = (seqs.get(vi) ?? 0) + 1
    seqs.set(vi, n)
    const rng = new Rng(world.seed, 304, i)
    const mountain = p[0] < mountainFrontX(p[1]) + 1
    yield {
      properties: {
        XIAN: v.code.slice(0, 6), XIANG: v.code.slice(0, 9), CUN: v.code, LIN_BAN: String(1 + Math.floor(n / 20)).padStart(3, '0'),
        XIAO_BAN: String(n).padStart(4, '0'), DI_LEI: code, DI_LEI_MC: landClass(code).name, ZBFGLX: zbfglx(code),
        PO_DU: mountain ? rng.int(15, 40) : [1, 4, 10, 20, 30][slopeGrade({ p, u, villageKm: 1, seed: world.seed }) - 1],
        ...forestFields(rng, code, mountain),
      },
      geometry: polygonJson(ring),
    }
  }
}

export function lcxzLayer(world: World): DemoLayer {
  const tess = tessellate(makeSeeds(world.seed, 2, Math.round(world.tess.count * 0.8)))
  return {
    spec: {
      id: 'lcxz_2024', title_zh: '林草湿调查（2024）', title_en: 'Forest, grass and wetland survey (2024)', kind: 'survey', geometry_type: 'MultiPolygon',
      series: 'lcxz', year: 2024, version: '2024', source: demoSource(world.seed),
      description: '林草湿荒普查小班（演示数据），与国土调查地类存在部分不一致。Forest/grass/wetland sub-compartments, demo data.',
      attributes: LCXZ_ATTRIBUTES, tile_properties: ['XIAO_BAN', 'DI_LEI', 'DI_LEI_MC', 'SEN_LIN_LB', 'BH_DJ', 'QI_YUAN', 'XBMJ'],
      style: categoryFill('ZBFGLX', [['乔木林', '#2e7d32', '乔木林', 'Tree forest'], ['灌木林', '#66bb6a', '灌木林', 'Shrubland'],
        ['其他林地植被', '#9ccc65', '其他林地', 'Other forest land'], ['草本植被', '#d4e157', '草地', 'Grassland'], ['湿生植被', '#4db6ac', '湿地', 'Wetland']], 0.55),
      tier: 'internal', group_id: 'survey', sort_order: 20, min_zoom: 10,
    },
    total: Math.round(tess.count * 0.45),
    batches: () => inBatches(rows(world, tess)),
    afterBatch: fillArea('lcxz_2024', 'XBMJ'),
  }
}
