/**
 * Base and hazard layers: 水系 (the 黄河 and the main canals), 道路 (expressways, national,
 * provincial and county roads), 居民点 (city, towns, villages) and 地质灾害隐患点 (mostly on the
 * 贺兰山 front). Lines are clipped to the region in SQL.
 */
import type { Queryable } from '../db/database.js'
import type { FeatureRow } from '../catalog/feature-writer.js'
import { layerTable } from '../catalog/sql-names.js'
import { attrs, demoSource } from './attributes.js'
import { inBatches, type DemoLayer } from './layer-loader.js'
import { Rng } from './random.js'
import { CANALS, HEIGHT_KM, REGION, RIVER_KM, TOWNS, mountainFrontX, toKm, toLonLat, type Km } from './region.js'
import { wiggle } from './shapes.js'
import { categoryCircle, categoryLine } from './styles.js'
import type { World } from './world.js'
import { villageAt } from './admin.js'

function lineJson(line: readonly Km[]): string {
  return JSON.stringify({ type: 'LineString', coordinates: line.map(([x, y]) => toLonLat(x, y)) })
}

function pointJson(p: Km): string {
  return JSON.stringify({ type: 'Point', coordinates: toLonLat(p[0], p[1]) })
}

function clipSql(layerId: string): string {
  return `UPDATE ${layerTable(layerId)} SET geom = ST_Multi(ST_CollectionExtract(ST_Intersection(geom,
    ST_MakeEnvelope(${REGION.west}, ${REGION.south}, ${REGION.east}, ${REGION.north}, 4490)), 2));
    DELETE FROM ${layerTable(layerId)} WHERE ST_IsEmpty(geom)`
}

const RIVER_ATTRIBUTES = attrs([['NAME', 'text', '名称', 'Name'], ['TYPE', 'text', '类型', 'Type'], ['WIDTH', 'number', '宽度（米）', 'Width (m)']])

export function riversLayer(world: World): DemoLayer {
  const rows: FeatureRow[] = [
    { properties: { NAME: '黄河', TYPE: '河流', WIDTH: 450 }, geometry: lineJson(RIVER_KM) },
    ...CANALS.map((c) => ({ properties: { NAME: c.name, TYPE: c.name.endsWith('河') ? '河流' : '干渠', WIDTH: c.name.endsWith('河') ? 40 : 25 }, geometry: lineJson(c.line) })),
  ]
  return baseLayer(world, 'base_rivers', '水系', 'Rivers and canals', 'MultiLineString', RIVER_ATTRIBUTES, rows, 1, categoryLine('TYPE', [
    ['河流', '#3a8fd6', 3, '河流', 'River'], ['干渠', '#6bb3e8', 1.5, '干渠', 'Main canal'],
  ]), ['NAME', 'TYPE', 'WIDTH'])
}

const ROADS: readonly [string, string, string, readonly [number, number][]][] = [
  ['G6', '京藏高速', '高速', [[106.22, 38.06], [106.26, 38.25], [106.29, 38.42], [106.33, 38.58], [106.38, 38.74]]],
  ['G20', '青银高速', '高速', [[106.64, 38.36], [106.50, 38.41], [106.38, 38.43], [106.29, 38.42]]],
  ['G2004', '银川绕城高速', '高速', [[106.14, 38.40], [106.15, 38.52], [106.24, 38.58], [106.36, 38.55], [106.38, 38.44], [106.30, 38.36], [106.18, 38.36], [106.14, 38.40]]],
  ['G109', '国道109线', '国道', [[106.16, 38.06], [106.21, 38.28], [106.24, 38.47], [106.30, 38.74]]],
  ['G110', '国道110线', '国道', [[105.94, 38.74], [106.06, 38.61], [106.25, 38.475]]],
  ['G211', '国道211线', '国道', [[106.34, 38.06], [106.40, 38.28], [106.47, 38.45], [106.52, 38.56]]],
  ['G307', '国道307线', '国道', [[106.25, 38.475], [106.42, 38.36], [106.64, 38.22]]],
  ['S102', '省道102线', '省道', [[105.98, 38.27], [106.25, 38.28], [106.52, 38.27], [106.64, 38.30]]],
  ['S203', '省道203线', '省道', [[106.06, 38.61], [106.35, 38.555], [106.42, 38.60], [106.55, 38.66]]],
]

const ROAD_ATTRIBUTES = attrs([['CODE', 'text', '编号', 'Road number'], ['NAME', 'text', '名称', 'Name'], ['CLASS', 'text', '等级', 'Class']])

/** Trunk roads plus a 县道 from every township seat to its county's nearest town. */
function roadRows(world: World): FeatureRow[] {
  const rows: FeatureRow[] = ROADS.map(([code, name, cls, pts]) => ({
    properties: { CODE: code, NAME: name, CLASS: cls },
    geometry: lineJson(wiggle(world.seed, 400, pts.map(([a, b]) => toKm(a, b)), 0.3, 0.15)),
  }))
  world.plan.townships.forEach((t, k) => {
    const town = TOWNS.reduce((b, x) => (dist(x.centre, t.centre) < dist(b.centre, t.centre) ? x : b))
    if (dist(town.centre, t.centre) < 1.5) return
    const code = `X${String(100 + k).padStart(3, '0')}`
    rows.push({ properties: { CODE: code, NAME: `${t.name.replace(/(镇|乡|街道)$/, '')}—${town.name.replace(/(市|县城|市区|镇|乡)$/, '')}公路`, CLASS: '县道' }, geometry: lineJson(wiggle(world.seed, 410 + k, [t.centre, town.centre], 0.2, 0.3)) })
  })
  return rows
}

function dist(a: Km, b: Km): number {
  return Math.hypot(a[0] - b[0], a[1] - b[1])
}

export function roadsLayer(world: World): DemoLayer {
  return baseLayer(world, 'base_roads', '道路', 'Roads', 'MultiLineString', ROAD_ATTRIBUTES, roadRows(world), 2, categoryLine('CLASS', [
    ['高速', '#e8590c', 3.5, '高速公路', 'Expressway'], ['国道', '#f08c00', 2.5, '国道', 'National road'],
    ['省道', '#fab005', 2, '省道', 'Provincial road'], ['县道', '#adb5bd', 1.2, '县道', 'County road'],
  ]), ['CODE', 'NAME', 'CLASS'])
}

const SETTLEMENT_ATTRIBUTES = attrs([['NAME', 'text', '名称', 'Name'], ['KIND', 'text', '类型', 'Kind'], ['XZQDM', 'text', '行政区代码', 'Admin code']])

function settlementRows(world: World): FeatureRow[] {
  const rows: FeatureRow[] = TOWNS.map((t) => ({ properties: { NAME: t.name, KIND: t.kind, XZQDM: null }, geometry: pointJson(t.centre) }))
  for (const t of world.plan.townships) if (!t.name.endsWith('街道')) rows.push({ properties: { NAME: t.name, KIND: '镇', XZQDM: t.code }, geometry: pointJson(t.centre) })
  world.plan.villages.forEach((v, k) => {
    if (k !== world.plan.townships[v.township].villages[0]) rows.push({ properties: { NAME: v.name, KIND: '村', XZQDM: v.code }, geometry: pointJson(v.centre) })
  })
  return rows
}

export function settlementsLayer(world: World): DemoLayer {
  return baseLayer(world, 'base_settlements', '居民点', 'Settlements', 'Point', SETTLEMENT_ATTRIBUTES, settlementRows(world), 3,
    categoryCircle('KIND', [['城市', '#c92a2a', '城市', 'City'], ['镇', '#e8590c', '镇', 'Town'], ['村', '#868e96', '村', 'Village']],
      ['match', ['get', 'KIND'], '城市', 8, '镇', 5, 3]), ['NAME', 'KIND'])
}

function baseLayer(world: World, id: string, zh: string, en: string, type: 'MultiLineString' | 'Point', attributes: ReturnType<typeof attrs>, rows: FeatureRow[], sort: number, style: object, tileProps: string[]): DemoLayer {
  return {
    spec: {
      id, title_zh: zh, title_en: en, kind: 'base', geometry_type: type, source: demoSource(world.seed),
      description: `${zh}（演示数据）。${en}, demo data.`, attributes, tile_properties: tileProps,
      style: style as Record<string, unknown>, tier: 'public', group_id: 'base', sort_order: sort, min_zoom: 0,
    },
    total: rows.length,
    batches: () => inBatches(rows),
    finish: type === 'Point' ? undefined : async (tx: Queryable) => {
      await tx.exec(clipSql(id))
    },
  }
}

const DZZH_ATTRIBUTES = attrs([
  ['ZHDBH', 'text', '灾害点编号', 'Hazard number'], ['ZHDMC', 'text', '灾害点名称', 'Name'], ['ZHLX', 'text', '灾害类型', 'Type'],
  ['GMDJ', 'text', '规模等级', 'Size'], ['WXRS', 'integer', '威胁人数', 'People threatened'],
  ['WXCC', 'number', '威胁财产（万元）', 'Property threatened (10k CNY)'], ['XZQDM', 'text', '行政区代码', 'Admin code'],
])

const DZZH_COUNT: Record<string, number> = { tiny: 30, small: 60, medium: 120, large: 200 }

/** Hazard points: landslides, rockfalls and debris flows along the mountain front; subsidence in the east. */
function hazardRows(world: World): FeatureRow[] {
  const rng = new Rng(world.seed, 500)
  const n = DZZH_COUNT[world.scale]
  return Array.from({ length: n }, (_, k) => {
    const subsidence = k % 8 === 7
    const y = rng.range(0.5, HEIGHT_KM - 0.5)
    const p: Km = subsidence ? toKm(rng.range(106.5, 106.6), rng.range(38.12, 38.3)) : [mountainFrontX(y) + rng.range(-6, 1.5), y]
    const type = subsidence ? '地面塌陷' : rng.pick(['滑坡', '崩塌', '泥石流', '泥石流'])
    const v = world.plan.villages[villageAt(world.plan, [Math.max(0.1, p[0]), p[1]])]
    const people = rng.int(0, subsidence ? 300 : 120)
    return {
      properties: {
        ZHDBH: `${v.code.slice(0, 6)}${String(k + 1).padStart(4, '0')}`, ZHDMC: `${v.name}${rng.pick(['大', '小', '黑石', '红柳', '苏峪', '拜寺'])}${type === '泥石流' ? '沟泥石流' : type}`,
        ZHLX: type, GMDJ: rng.pick(['小型', '小型', '中型', '大型']), WXRS: people, WXCC: Math.round(people * rng.range(1, 8)), XZQDM: v.code.slice(0, 6),
      },
      geometry: pointJson([Math.max(0.05, p[0]), p[1]]),
    }
  })
}

export function dzzhLayer(world: World): DemoLayer {
  const rows = hazardRows(world)
  return {
    spec: {
      id: 'dzzh', title_zh: '地质灾害隐患点', title_en: 'Geological hazard sites', kind: 'thematic', geometry_type: 'Point',
      source: demoSource(world.seed), description: '地质灾害隐患点（演示数据）。Geological hazard sites, demo data.',
      attributes: DZZH_ATTRIBUTES, tile_properties: ['ZHDMC', 'ZHLX', 'GMDJ', 'WXRS'],
      style: categoryCircle('ZHLX', [['滑坡', '#d9480f', '滑坡', 'Landslide'], ['崩塌', '#862e9c', '崩塌', 'Rockfall'],
        ['泥石流', '#5c940d', '泥石流', 'Debris flow'], ['地面塌陷', '#495057', '地面塌陷', 'Subsidence']], 6),
      tier: 'public', group_id: 'hazard', sort_order: 1, min_zoom: 0,
    },
    total: rows.length,
    batches: () => inBatches(rows),
  }
}
