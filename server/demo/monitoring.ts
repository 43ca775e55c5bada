/**
 * 卫片图斑 (wpjc_2024, DOMAIN §2.6) and 批准用地 (pzyd): each 2023→2024 change becomes a monitoring
 * patch (plus a few false alarms); approvals cover some patches fully, some partly and some not at
 * all (R7), and some approvals were never built on. SFYN/SFHX are set in SQL from the control lines.
 */
import type { Queryable } from '../db/database.js'
import type { FeatureRow } from '../catalog/feature-writer.js'
import { layerTable } from '../catalog/sql-names.js'
import { attrs, demoSource } from './attributes.js'
import { isBuilt, isCultivated, landClass } from './land-classes.js'
import { fillArea, inBatches, type DemoLayer } from './layer-loader.js'
import { Rng, weighted } from './random.js'
import { COUNTIES } from './region.js'
import { categoryFill } from './styles.js'
import { cellKm, cellUnit, polygonJson, splitDiagonal, type Ring } from './tessellation.js'
import { changeOf, codeOf, type World } from './world.js'

/** A monitored change: the changed part of a cell, its class before and after. */
interface Detected { cell: number; ring: Ring; from: string; to: string | null }

function* detections(world: World): Iterable<Detected> {
  for (let i = 0; i < world.tess.count; i++) {
    if (world.village[i] < 0) continue
    const ring = cellKm(world.tess, i)
    if (!ring) continue
    const change = changeOf(world, i, ring)
    const from = codeOf(world, i)
    if (change.kind === 'whole') yield { cell: i, ring, from, to: change.to }
    else if (change.kind === 'split') yield { cell: i, ring: change.halves[0], from, to: change.to }
    else if (cellUnit(world.seed, 110, i) < 0.004) yield { cell: i, ring, from, to: null }
  }
}

/** TBLX 图斑类型 from the new class (null: a false alarm such as 动土 or 推堆土). */
function patchType(to: string | null, u: number): string {
  if (!to) return u < 0.5 ? 'DT' : 'TD'
  if (to === '1004' || to === '1003') return 'DL2'
  if (to === '0602') return 'CK'
  if (to === '1104A') return 'KT'
  if (to === '1202') return 'YH'
  if (isBuilt(to)) return '20'
  return landClass(to).code.slice(0, 2)
}

const WPJC_ATTRIBUTES = attrs([
  ['XZQDM', 'text', '行政区代码', 'County code'], ['XMC', 'text', '县名称', 'County'],
  ['JCBH', 'text', '监测编号', 'Monitoring number'], ['TBLX', 'text', '图斑类型', 'Patch type'],
  ['QSX', 'date', '前时相', 'Before image date'], ['HSX', 'date', '后时相', 'After image date'],
  ['DLBM', 'text', '地类编码（原）', 'Original land class'], ['DLMC', 'text', '地类名称（原）', 'Original land class name'],
  ['JCDLBM', 'text', '监测地类编码', 'Observed land class'],
  ['SFYN', 'text', '是否涉及永久基本农田', 'Touches permanent farmland'], ['SFHX', 'text', '是否涉及生态保护红线', 'Touches red line'],
  ['MJ', 'decimal', '面积', 'Area (m²)'],
])

function wpjcRows(world: World): Iterable<FeatureRow> {
  return (function* () {
    let seq = 0
    for (const d of detections(world)) {
      const rng = new Rng(world.seed, 111, d.cell)
      const county = COUNTIES[world.plan.townships[world.plan.villages[world.village[d.cell]].township].county]
      yield {
        properties: {
          XZQDM: county.code, XMC: county.name, JCBH: `${county.code}2024${String(++seq).padStart(6, '0')}`,
          TBLX: patchType(d.to, rng.next()), QSX: `2023-${rng.int(9, 11)}-${String(rng.int(1, 28)).padStart(2, '0')}`,
          HSX: `2024-${rng.int(9, 11)}-${String(rng.int(1, 28)).padStart(2, '0')}`,
          DLBM: d.from, DLMC: landClass(d.from).name, JCDLBM: d.to,
        },
        geometry: polygonJson(d.ring),
      }
    }
  })()
}

/** SQL: the 是/否 flags from the permanent farmland and the red line. */
function flagsSql(): string {
  const t = layerTable('wpjc_2024')
  const flag = (other: string) =>
    `CASE WHEN EXISTS (SELECT 1 FROM ${layerTable(other)} o WHERE ST_Intersects(o.geom, w.geom) AND ST_Area(ST_Intersection(o.geom, w.geom)) > 0) THEN '是' ELSE '否' END`
  return `UPDATE ${t} w SET "SFYN" = ${flag('yjjbnt')}, "SFHX" = ${flag('stbhhx')}`
}

export function wpjcLayer(world: World): DemoLayer {
  return {
    spec: {
      id: 'wpjc_2024', title_zh: '卫片监测图斑（2024）', title_en: 'Satellite change patches (2024)', kind: 'thematic', geometry_type: 'MultiPolygon',
      year: 2024, source: demoSource(world.seed), description: '2024 年度卫片执法监测图斑（演示数据）。Satellite-enforcement change patches, demo data.',
      attributes: WPJC_ATTRIBUTES, tile_properties: ['JCBH', 'TBLX', 'DLBM', 'JCDLBM', 'SFYN', 'SFHX', 'MJ'], time_field: 'HSX',
      style: categoryFill('SFYN', [['是', '#e31a1c', '涉及永久基本农田', 'Touches permanent farmland'], ['否', '#ff7f00', '其他监测图斑', 'Other change patches']], 0.6),
      tier: 'internal', group_id: 'monitoring', sort_order: 1, min_zoom: 8,
    },
    total: Math.round(world.tess.count * 0.03),
    batches: () => inBatches(wpjcRows(world)),
    afterBatch: fillArea('wpjc_2024', 'MJ'),
    finish: async (tx: Queryable) => {
      await tx.query(flagsSql())
    },
  }
}

const PZYD_ATTRIBUTES = attrs([
  ['XZQDM', 'text', '行政区代码', 'County code'], ['PZWH', 'text', '批准文号', 'Approval number'],
  ['PZRQ', 'date', '批准日期', 'Approved on'], ['PZLX', 'text', '批准类型', 'Approval type'],
  ['XMMC', 'text', '项目名称', 'Project'], ['PZMJ', 'decimal', '批准面积', 'Approved area (m²)'],
])

/** The approval polygon for a detection: full (45 %), partial (20 %) or none; plus unbuilt approvals. */
function approvalRing(world: World, d: Detected): Ring | null {
  const u = cellUnit(world.seed, 120, d.cell)
  if (!d.to || u >= 0.65) return null
  if (u < 0.45) return d.ring
  const parts = splitDiagonal(d.ring, Math.floor(8 * cellUnit(world.seed, 121, d.cell)))
  return parts ? parts[0] : null
}

function* approvals(world: World): Iterable<{ cell: number; ring: Ring; to: string }> {
  for (const d of detections(world)) {
    const ring = approvalRing(world, d)
    if (ring && d.to) yield { cell: d.cell, ring, to: d.to }
  }
  for (let i = 0; i < world.tess.count; i += 1) {
    if (world.village[i] < 0 || !isCultivated(codeOf(world, i)) || cellUnit(world.seed, 122, i) >= 0.002) continue
    const ring = cellKm(world.tess, i)
    if (ring && changeOf(world, i, ring).kind === 'none') yield { cell: i, ring, to: '0601' }
  }
}

function pzydRows(world: World): Iterable<FeatureRow> {
  return (function* () {
    let seq = 0
    for (const a of approvals(world)) {
      const rng = new Rng(world.seed, 123, a.cell)
      const v = world.plan.villages[world.village[a.cell]]
      const county = COUNTIES[world.plan.townships[v.township].county]
      const type = a.to === '1202' ? '设施农用地备案' : weighted(rng.next(), [['农用地转用', 5], ['土地征收', 3], ['临时用地', 1]] as const)
      const year = rng.int(2022, 2024)
      const number = type === '设施农用地备案' ? `${county.name.slice(0, 2)}设农备〔${year}〕${rng.int(1, 60)}号` : `宁政土批〔${year}〕${++seq}号`
      yield {
        properties: {
          XZQDM: county.code, PZWH: number, PZRQ: `${year}-${String(rng.int(1, year === 2024 ? 8 : 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`,
          PZLX: type, XMMC: `${v.name}${landClass(a.to).name}项目`,
        },
        geometry: polygonJson(a.ring),
      }
    }
  })()
}

export function pzydLayer(world: World): DemoLayer {
  return {
    spec: {
      id: 'pzyd', title_zh: '批准用地', title_en: 'Land-use approvals', kind: 'thematic', geometry_type: 'MultiPolygon',
      source: demoSource(world.seed), description: '建设用地审批、设施农用地备案等批准范围（演示数据）。Approved land use, demo data.',
      attributes: PZYD_ATTRIBUTES, tile_properties: ['PZWH', 'PZRQ', 'PZLX', 'XMMC', 'PZMJ'], time_field: 'PZRQ',
      style: categoryFill('PZLX', [['农用地转用', '#1f78b4', '农用地转用', 'Farmland conversion'], ['土地征收', '#6a3d9a', '土地征收', 'Expropriation'],
        ['设施农用地备案', '#33a02c', '设施农用地备案', 'Farm facility filing'], ['临时用地', '#b15928', '临时用地', 'Temporary use']], 0.35),
      tier: 'internal', group_id: 'monitoring', sort_order: 2, min_zoom: 8,
    },
    total: Math.round(world.tess.count * 0.02),
    batches: () => inBatches(pzydRows(world)),
    afterBatch: fillArea('pzyd', 'PZMJ'),
  }
}
