import { createFixtureLayer } from './helpers/fixture-layer.js'
import type { Database } from '../server/db/database.js'
import type { FeatureRow } from '../server/catalog/feature-writer.js'
import { dropLayer, refreshLayerStats, type LayerSpec } from '../server/catalog/layer-table.js'
import { layerTable } from '../server/catalog/sql-names.js'
import { uniqueLayerId } from './helpers/test-db.js'

/** Fixture layers of the OGC tests, each with its own id so test files can share one PostGIS database. */
export interface OgcFixtures {
  polygons: LayerSpec
  points: LayerSpec
  lines: LayerSpec
  empty: LayerSpec
  wide: LayerSpec
  many: LayerSpec
  /** How many features `many` has. */
  manyCount: number
  drop(): Promise<void>
}

const LAND_CLASSES: [string, string][] = [['0101', '水田'], ['0103', '旱地'], ['0301', '乔木林地'], ['1101', '河流水面'], ['0702', '农村宅基地']]

function square(x: number, y: number, size: number) {
  return { type: 'MultiPolygon', coordinates: [[[[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]]] }
}

/** 5 × 6 land parcels (0.01° squares) south-west corner at 106.0E 38.0N, with Chinese names and survey dates. */
function parcels(): FeatureRow[] {
  const rows: FeatureRow[] = []
  for (let i = 0; i < 30; i++) {
    const [code, name] = LAND_CLASSES[i % LAND_CLASSES.length]!
    const x = 106 + (i % 6) * 0.01
    const y = 38 + Math.floor(i / 6) * 0.01
    rows.push({
      properties: {
        DLBM: code,
        DLMC: i === 29 ? `引号'与"双引号<b>&` : name,
        TBMJ: Math.round((1000 + i * 12.34) * 100) / 100,
        ZLDWDM: i % 2 ? '640104001001' : null,
        GXSJ: `2023-0${1 + (i % 9)}-15`,
        BSM: i + 1,
        SFJBNT: i % 3 === 0,
      },
      geometry: JSON.stringify(square(x, y, 0.01)),
    })
  }
  return rows
}

function points(): FeatureRow[] {
  const names = ['银川站', '贺兰山东麓', '沙湖', '西夏陵', '黄河大桥', '镇北堡']
  return names.map((name, i) => ({
    properties: { MC: name, DJ: i + 1, JCSJ: `2024-05-0${i + 1}T0${i}:30:00Z` },
    geometry: JSON.stringify({ type: 'Point', coordinates: [106.2 + i * 0.05, 38.45 + i * 0.02] }),
  }))
}

function lines(): FeatureRow[] {
  return [0, 1, 2].map((i) => ({
    properties: { MC: ['滨河大道', '北京路', '黄河东路'][i], CD: 1234.5 * (i + 1) },
    geometry: JSON.stringify({ type: 'LineString', coordinates: [[106.0 + i * 0.1, 38.4], [106.05 + i * 0.1, 38.5], [106.1 + i * 0.1, 38.45]] }),
  }))
}

async function createLayer(db: Database, spec: LayerSpec, rows: FeatureRow[]): Promise<void> {
  await createFixtureLayer(db, spec, rows)
}

/** `count` point features filled in by SQL (paging and streaming tests). */
async function fillMany(db: Database, spec: LayerSpec, count: number): Promise<void> {
  await db.query(
    `INSERT INTO ${layerTable(spec.id)} ("N", "MC", geom)
     SELECT g, '点' || g, ST_SetSRID(ST_MakePoint(105 + (g % 1000) * 0.002, 37 + (g / 1000) * 0.002), 4490) FROM generate_series(1, $1::int) AS g`,
    [count],
  )
  await db.transaction((tx) => refreshLayerStats(tx, spec.id))
}

/** Create every fixture layer. `manyCount` sizes the big point layer. */
export async function createOgcFixtures(db: Database, manyCount = 2500): Promise<OgcFixtures> {
  const polygons: LayerSpec = {
    id: uniqueLayerId('ogc_dltb'), title_zh: '测试地类图斑', title_en: 'Test land parcels', kind: 'survey', geometry_type: 'MultiPolygon', time_field: 'GXSJ',
    attributes: [
      { name: 'DLBM', type: 'text', title_zh: '地类编码' }, { name: 'DLMC', type: 'text', title_zh: '地类名称' },
      { name: 'TBMJ', type: 'decimal', title_zh: '图斑面积' }, { name: 'ZLDWDM', type: 'text' }, { name: 'GXSJ', type: 'date', title_zh: '更新时间' },
      { name: 'BSM', type: 'integer' }, { name: 'SFJBNT', type: 'boolean' },
    ],
  }
  const pointLayer: LayerSpec = {
    id: uniqueLayerId('ogc_pt'), title_zh: '测试监测点', title_en: 'Test points', kind: 'thematic', geometry_type: 'Point', time_field: 'JCSJ',
    attributes: [{ name: 'MC', type: 'text', title_zh: '名称' }, { name: 'DJ', type: 'integer' }, { name: 'JCSJ', type: 'timestamp' }],
  }
  const lineLayer: LayerSpec = {
    id: uniqueLayerId('ogc_ln'), title_zh: '测试道路', title_en: 'Test roads', kind: 'base', geometry_type: 'LineString',
    attributes: [{ name: 'MC', type: 'text' }, { name: 'CD', type: 'number' }],
  }
  const empty: LayerSpec = { id: uniqueLayerId('ogc_empty'), title_zh: '空图层', title_en: 'Empty layer', kind: 'thematic', geometry_type: 'Polygon', attributes: [{ name: 'MC', type: 'text' }] }
  const wide: LayerSpec = {
    id: uniqueLayerId('ogc_wide'), title_zh: '多字段图层', title_en: 'Wide layer', kind: 'thematic', geometry_type: 'Point',
    attributes: Array.from({ length: 60 }, (_, i) => ({ name: `F${i}`, type: 'integer' as const })),
  }
  const many: LayerSpec = {
    id: uniqueLayerId('ogc_many'), title_zh: '大量点', title_en: 'Many points', kind: 'thematic', geometry_type: 'Point',
    attributes: [{ name: 'N', type: 'integer' }, { name: 'MC', type: 'text' }],
  }
  await createLayer(db, polygons, parcels())
  await createLayer(db, pointLayer, points())
  await createLayer(db, lineLayer, lines())
  await createLayer(db, empty, [])
  const wideRow = Object.fromEntries(wide.attributes.map((a, i) => [a.name, i * 10]))
  await createLayer(db, wide, [{ properties: wideRow, geometry: JSON.stringify({ type: 'Point', coordinates: [106.3, 38.3] }) }])
  await createLayer(db, many, [])
  await fillMany(db, many, manyCount)
  const all = [polygons, pointLayer, lineLayer, empty, wide, many]
  return {
    polygons, points: pointLayer, lines: lineLayer, empty, wide, many, manyCount,
    drop: async () => {
      for (const spec of all) await db.transaction((tx) => dropLayer(tx, spec.id))
    },
  }
}
