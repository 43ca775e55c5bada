import { createFixtureLayer } from './helpers/fixture-layer.js'
import type { AttributeDef } from '../server/catalog/catalog.types.js'
import type { FeatureRow } from '../server/catalog/feature-writer.js'
import type { LayerSpec } from '../server/catalog/layer-table.js'
import type { Database } from '../server/db/database.js'
import { uniqueLayerId } from './helpers/test-db.js'

/** Attributes of the polygon fixture: Chinese text, a long name, decimals, integers, doubles, dates, booleans, timestamps. */
export const POLYGON_ATTRIBUTES: AttributeDef[] = [
  { name: 'BSM', type: 'integer' },
  { name: 'DLBM', type: 'text' },
  { name: 'ZLDWMC', type: 'text' },
  { name: 'ZLDWMC_LONGNAME', type: 'text' },
  { name: 'ZLDWMC_LONGNAME2', type: 'text' },
  { name: 'TBMJ', type: 'decimal' },
  { name: 'KCXS', type: 'number' },
  { name: 'BIG', type: 'bigint' },
  { name: 'GXSJ', type: 'date' },
  { name: 'SFJBNT', type: 'boolean' },
  { name: 'UPDATED', type: 'timestamp' },
]

const ring = (x0: number, y0: number, w: number, h: number) => [[x0, y0], [x0 + w, y0], [x0 + w, y0 + h], [x0, y0 + h], [x0, y0]]

/** Around Yinchuan (CGCS2000 3° zone 35, CM 105°E); one outer ring is drawn clockwise on purpose. */
const POLYGONS: FeatureRow[] = [
  {
    properties: { BSM: 1, DLBM: '0101', ZLDWMC: '银川市兴庆区掌政镇', ZLDWMC_LONGNAME: '永宁县望洪镇', ZLDWMC_LONGNAME2: 'ascii only', TBMJ: 0, KCXS: 0.0867, BIG: 9007199254740991, GXSJ: '2023-12-31', SFJBNT: true, UPDATED: '2024-05-01T08:30:00Z' },
    geometry: JSON.stringify({ type: 'Polygon', coordinates: [ring(106.21, 38.41, 0.012, 0.009), ring(106.214, 38.413, 0.003, 0.002).reverse()] }),
  },
  {
    properties: { BSM: -2, DLBM: '0301', ZLDWMC: '贺兰县金贵镇“引号”, 逗号', ZLDWMC_LONGNAME: null, ZLDWMC_LONGNAME2: '', TBMJ: 0, KCXS: 1e-7, BIG: -5, GXSJ: '2000-01-01', SFJBNT: false, UPDATED: null },
    geometry: JSON.stringify({ type: 'MultiPolygon', coordinates: [[ring(106.25, 38.45, 0.02, 0.01).reverse()], [ring(106.3, 38.44, 0.005, 0.004)]] }),
  },
  {
    properties: { BSM: 3, DLBM: null, ZLDWMC: null, ZLDWMC_LONGNAME: null, ZLDWMC_LONGNAME2: null, TBMJ: null, KCXS: null, BIG: null, GXSJ: null, SFJBNT: null, UPDATED: null },
    geometry: JSON.stringify({ type: 'Polygon', coordinates: [[[105.95, 38.2], [106.1, 38.21], [106.02, 38.3], [105.95, 38.2]]] }),
  },
]

const LINES: FeatureRow[] = [
  { properties: { NAME: '唐徕渠' }, geometry: JSON.stringify({ type: 'LineString', coordinates: [[106.2, 38.4], [106.25, 38.42], [106.3, 38.41]] }) },
  { properties: { NAME: '两段' }, geometry: JSON.stringify({ type: 'MultiLineString', coordinates: [[[106.1, 38.3], [106.11, 38.31]], [[106.2, 38.3], [106.21, 38.29]]] }) },
]

const POINTS: FeatureRow[] = [
  { properties: { NAME: '界址点1', H: 1111.25 }, geometry: JSON.stringify({ type: 'Point', coordinates: [106.123456789, 38.987654321] }) },
  { properties: { NAME: null, H: null }, geometry: null },
]

export interface ExportFixtures {
  polygons: string
  lines: string
  points: string
}

async function createLayer(db: Database, spec: Omit<LayerSpec, 'kind' | 'title_en'>, rows: FeatureRow[]): Promise<void> {
  await createFixtureLayer(db, { kind: 'thematic', title_en: spec.id, group_id: 'export_tests', ...spec }, rows)
}

/** Create the three fixture layers; TBMJ is filled with the official area, as survey data carries it. */
export async function createExportFixtures(db: Database): Promise<ExportFixtures> {
  const f: ExportFixtures = { polygons: uniqueLayerId('exp_poly'), lines: uniqueLayerId('exp_line'), points: uniqueLayerId('exp_point') }
  await createLayer(db, { id: f.polygons, title_zh: '导出测试图斑', geometry_type: 'MultiPolygon', attributes: POLYGON_ATTRIBUTES }, POLYGONS)
  await db.query(`UPDATE data."${f.polygons}" SET "TBMJ" = onemap.ellipsoid_area(geom) WHERE "TBMJ" IS NOT NULL`)
  await createLayer(db, { id: f.lines, title_zh: '导出测试线', geometry_type: 'MultiLineString', attributes: [{ name: 'NAME', type: 'text' }] }, LINES)
  const pointAttributes: AttributeDef[] = [{ name: 'NAME', type: 'text' }, { name: 'H', type: 'number' }]
  await createLayer(db, { id: f.points, title_zh: '导出测试点', geometry_type: 'Point', attributes: pointAttributes }, POINTS)
  return f
}

/** Stored rows of a fixture layer: fid, attributes as JSON (dates as text), geometry as CRS84 GeoJSON, official area. */
export async function storedRows(db: Database, layerId: string): Promise<{ fid: number; properties: Record<string, unknown>; geometry: string | null; area: number | null }[]> {
  const { rows } = await db.query<{ fid: number; properties: Record<string, unknown>; geometry: string | null; area: number | null }>(
    `SELECT fid, to_jsonb(t) - 'fid' - 'geom' - 'geom_3857' AS properties, ST_AsGeoJSON(geom, 15) AS geometry,
            CASE WHEN ST_Dimension(geom) = 2 THEN onemap.ellipsoid_area(geom) END AS area
     FROM data."${layerId}" t ORDER BY fid`,
  )
  return rows
}
