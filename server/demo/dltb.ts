/**
 * 地类图斑 DLTB for 2023 and 2024 (DOMAIN §2.1), one row per Voronoi cell (2024: changed cells
 * get a new class, some are split in two). Official areas and the 田坎 deduction (R9) are filled in
 * SQL after each batch, with onemap.ellipsoid_area.
 */
import type { Queryable } from '../db/database.js'
import type { FeatureRow } from '../catalog/feature-writer.js'
import { layerTable } from '../catalog/sql-names.js'
import { attrs, demoSource } from './attributes.js'
import { isCultivated, landClass } from './land-classes.js'
import { batchAreaSql, inBatches, type DemoLayer } from './layer-loader.js'
import { Rng, weighted } from './random.js'
import { RIVER_INDEX, TOWNS, distanceWithin, nearestTown, townRatio, type Km } from './region.js'
import { landUseStyle } from './styles.js'
import { cellKm, cellUnit, centroid, polygonJson, type Ring } from './tessellation.js'
import { changeOf, codeOf, type World } from './world.js'
import { countyOfVillage } from './admin.js'

export const DLTB_ATTRIBUTES = attrs([
  ['BSM', 'text', '标识码', 'Feature ID'],
  ['YSDM', 'text', '要素代码', 'Feature code'],
  ['TBYBH', 'text', '图斑预编号', 'Pre-number'],
  ['TBBH', 'text', '图斑编号', 'Patch number'],
  ['DLBM', 'text', '地类编码', 'Land class code'],
  ['DLMC', 'text', '地类名称', 'Land class'],
  ['QSXZ', 'text', '权属性质', 'Ownership type'],
  ['QSDWDM', 'text', '权属单位代码', 'Owner unit code'],
  ['QSDWMC', 'text', '权属单位名称', 'Owner unit'],
  ['ZLDWDM', 'text', '坐落单位代码', 'Location unit code'],
  ['ZLDWMC', 'text', '坐落单位名称', 'Location unit'],
  ['TBMJ', 'decimal', '图斑面积', 'Patch area (m²)'],
  ['KCDLBM', 'text', '扣除地类编码', 'Deducted class code'],
  ['KCXS', 'decimal', '扣除地类系数', 'Deduction coefficient'],
  ['KCMJ', 'decimal', '扣除地类面积', 'Deducted area (m²)'],
  ['TBDLMJ', 'decimal', '图斑地类面积', 'Land-class area (m²)'],
  ['GDLX', 'text', '耕地类型', 'Cultivated land type'],
  ['GDPDJB', 'text', '耕地坡度级别', 'Slope grade'],
  ['ZZSXDM', 'text', '种植属性代码', 'Planting attribute'],
  ['TBXHDM', 'text', '图斑细化代码', 'Refinement code'],
  ['CZCSXM', 'text', '城镇村属性码', 'Settlement attribute'],
  ['SJNF', 'integer', '数据年份', 'Data year'],
  ['FRDBS', 'text', '飞入地标识', 'Enclave flag'],
])

/** A patch before formatting: which cell, which part, which class. */
interface Patch { cell: number; ring: Ring; code: string; bsm: number; fresh: boolean }

function patches2023(world: World): Iterable<Patch> {
  return (function* () {
    for (let i = 0; i < world.tess.count; i++) {
      if (world.village[i] < 0) continue
      const ring = cellKm(world.tess, i)
      if (ring) yield { cell: i, ring, code: codeOf(world, i), bsm: 3 * i + 1, fresh: false }
    }
  })()
}

/** 2024: unchanged cells keep their BSM; changed ones get new BSMs (a split yields two patches). */
function patches2024(world: World): Iterable<Patch> {
  return (function* () {
    for (const p of patches2023(world)) {
      const change = changeOf(world, p.cell, p.ring)
      if (change.kind === 'none') yield p
      else if (change.kind === 'whole') yield { ...p, code: change.to, bsm: p.bsm + 1, fresh: true }
      else {
        yield { ...p, ring: change.halves[0], code: change.to, bsm: p.bsm + 1, fresh: true }
        yield { ...p, ring: change.halves[1], bsm: p.bsm + 2, fresh: true }
      }
    }
  })()
}

function ownershipType(code: string, p: Km, u: number): string {
  const g = landClass(code).group
  const town = townRatio(p)
  if (code === '1101' || code === '1102' || code === '1003') return '10'
  if ((g === '建设' || g === '交通') && town < 1.4) return '20'
  if (g === '林地' && u < 0.3) return '10'
  return u < 0.15 ? '31' : '30'
}

/** Cultivated-land attributes per R9: GDPDJB always; GDLX, 1203 and KCXS only when the slope grade is above 1. */
function cultivatedFields(world: World, p: Patch, rng: Rng): Record<string, unknown> {
  if (!isCultivated(p.code)) return {}
  const grade = world.slope[p.cell] || 1
  const zzsx = weighted(rng.next(), [['LS', 70], ['FLS', 12], ['LYFL', 10], ['XG', 3], ['WG', 5]])
  const base = { GDPDJB: String(grade), ZZSXDM: zzsx, TBXHDM: distanceWithin(centroid(p.ring), RIVER_INDEX, 2) < 1.5 ? 'HDGD' : null }
  if (grade <= 1) return base
  const gdlx = grade >= 3 && rng.chance(0.5) ? 'TT' : 'PD'
  return { ...base, GDLX: gdlx, KCDLBM: '1203' }
}

function settlementCode(code: string, p: Km): string | null {
  const g = landClass(code).group
  if (g !== '建设' && g !== '交通') return null
  if (code === '0602') return '204'
  if (code === '09') return '205'
  if (townRatio(p) > 1.5) return code === '0601' ? '203A' : '203'
  const base = TOWNS[nearestTown(p)].kind === '城市' ? '201' : '202'
  return code === '0601' ? base + 'A' : base
}

function formatPatch(world: World, p: Patch, year: number, tbbh: number): FeatureRow {
  const rng = new Rng(world.seed, 80, p.bsm)
  const vi = world.village[p.cell]
  const v = world.plan.villages[vi]
  const county = countyOfVillage(world.plan, vi)
  const c = centroid(p.ring)
  const qsxz = ownershipType(p.code, c, cellUnit(world.seed, 81, p.cell))
  const owner = enclaveOwner(world, p.cell, qsxz) ?? vi
  const o = world.plan.villages[owner]
  const group = qsxz === '31' ? `${1 + (p.cell % 6)}组` : ''
  const properties: Record<string, unknown> = {
    BSM: county.code + String(p.bsm).padStart(12, '0'),
    YSDM: '2001010100',
    TBYBH: p.fresh ? `B${String(tbbh).padStart(4, '0')}` : String(tbbh),
    TBBH: String(tbbh),
    DLBM: p.code,
    DLMC: landClass(p.code).name,
    QSXZ: qsxz,
    QSDWDM: o.code + (group ? String(1 + (p.cell % 6)).padStart(3, '0') + '0000' : '0000000'),
    QSDWMC: o.name + group,
    ZLDWDM: v.code + '0000000',
    ZLDWMC: v.name,
    CZCSXM: settlementCode(p.code, c),
    SJNF: year,
    FRDBS: owner !== vi ? '1' : '0',
    ...cultivatedFields(world, p, rng),
  }
  return { properties, geometry: polygonJson(p.ring) }
}

/** A 飞入地: 2 % of collective patches belong to another village of the same township. */
function enclaveOwner(world: World, cell: number, qsxz: string): number | null {
  if (!qsxz.startsWith('3') || cellUnit(world.seed, 82, cell) >= 0.02) return null
  const vi = world.village[cell]
  const siblings = world.plan.townships[world.plan.villages[vi].township].villages.filter((x) => x !== vi)
  return siblings.length ? siblings[Math.floor(cellUnit(world.seed, 83, cell) * siblings.length)] : null
}

/** Unchanged patches keep their 2023 number; new ones are numbered after the village's last. */
function* formatted(world: World, patches: Iterable<Patch>, year: number): Iterable<FeatureRow> {
  const fresh = new Int32Array(world.villagePatches.length)
  for (const p of patches) {
    const vi = world.village[p.cell]
    const n = p.fresh ? world.villagePatches[vi] + ++fresh[vi] : world.tbbh[p.cell]
    yield formatPatch(world, p, year, n)
  }
}

/**
 * SQL: TBMJ from the geometry; KCXS from the platform's 田坎 table (onemap.kcxs_for) for sloped
 * farmland; KCMJ = round(TBMJ × KCXS, 2) and TBDLMJ = TBMJ − KCMJ (R9).
 */
function areaSql(layerId: string): string {
  const t = layerTable(layerId)
  return `UPDATE ${t} t SET "TBMJ" = s.m, "KCXS" = s.x, "KCMJ" = s.k, "TBDLMJ" = s.m - s.k
    FROM (SELECT a.fid, a.m, k.x, coalesce(round(a.m * k.x, 2), 0) AS k
          FROM (${batchAreaSql(layerId)}) a JOIN ${t} d ON d.fid = a.fid AND d.fid BETWEEN $1 AND $2,
          LATERAL (SELECT CASE WHEN d."KCDLBM" = '1203' THEN onemap.kcxs_for(d."ZLDWDM", d."GDLX", d."GDPDJB") END AS x) k) s
    WHERE t.fid = s.fid AND t.fid BETWEEN $1 AND $2`
}

/** The DLTB layer of a year (2023 or 2024). */
export function dltbLayer(world: World, year: 2023 | 2024): DemoLayer {
  const id = `dltb_${year}`
  const sql = areaSql(id)
  return {
    spec: {
      id, title_zh: `地类图斑（${year}年度）`, title_en: `Land-use patches (DLTB ${year})`, kind: 'survey', geometry_type: 'MultiPolygon',
      series: 'dltb', year, version: String(year), source: demoSource(world.seed),
      description: `${year} 年度国土变更调查地类图斑（演示数据，三调工作分类）。Annual land-use survey patches, demo data.`,
      attributes: DLTB_ATTRIBUTES, tile_properties: ['BSM', 'DLBM', 'DLMC', 'TBMJ', 'ZLDWMC', 'QSXZ', 'GDPDJB'],
      style: landUseStyle('DLBM'), tier: 'internal', group_id: 'survey', sort_order: year === 2024 ? 10 : 11, min_zoom: 10,
    },
    total: year === 2023 ? world.tess.count : Math.round(world.tess.count * 1.012),
    batches: () => inBatches(formatted(world, year === 2023 ? patches2023(world) : patches2024(world), year)),
    afterBatch: async (tx: Queryable, from, to) => {
      await tx.query(sql, [from, to])
    },
  }
}
