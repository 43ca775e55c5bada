/**
 * 行政区 layers (county, township, village), built in SQL as unions of whole 2023 DLTB patches,
 * so every DLTB patch lies in exactly one unit and ZLDWDM always agrees with the unit's code.
 */
import type { Queryable } from '../db/database.js'
import { layerTable } from '../catalog/sql-names.js'
import { attrs, demoSource } from './attributes.js'
import type { DemoLayer } from './layer-loader.js'
import { COUNTIES } from './region.js'
import { boundaryStyle } from './styles.js'
import type { World } from './world.js'

const ADMIN_ATTRIBUTES = attrs([
  ['XZQDM', 'text', '行政区代码', 'Admin code'],
  ['XZQMC', 'text', '行政区名称', 'Admin name'],
  ['DCMJ', 'decimal', '调查面积', 'Surveyed area (m²)'],
])

/** SQL: one row per unit, the union of the source rows whose code starts with the unit's code. */
function unionSql(target: string, source: string, sourceCode: string, length: number): string {
  return `INSERT INTO ${layerTable(target)} ("XZQDM", "XZQMC", geom)
    SELECT u.code, u.name, ST_Multi(ST_Union(s.geom))
    FROM ${layerTable(source)} s JOIN unnest($1::text[], $2::text[]) AS u(code, name) ON left(s."${sourceCode}", ${length}) = u.code
    GROUP BY u.code, u.name ORDER BY u.code`
}

function areaSql(target: string): string {
  return `UPDATE ${layerTable(target)} SET "DCMJ" = onemap.ellipsoid_area(geom)`
}

interface Level { id: string; zh: string; en: string; source: string; sourceCode: string; length: number; color: string; width: number; minZoom: number; sort: number }

const LEVELS: Level[] = [
  { id: 'xzq_cun', zh: '村级行政区', en: 'Villages', source: 'dltb_2023', sourceCode: 'ZLDWDM', length: 12, color: '#9c7a54', width: 0.8, minZoom: 10, sort: 3 },
  { id: 'xzq_xiang', zh: '乡级行政区', en: 'Townships', source: 'xzq_cun', sourceCode: 'XZQDM', length: 9, color: '#7a4f9c', width: 1.4, minZoom: 8, sort: 2 },
  { id: 'xzq_xian', zh: '县级行政区', en: 'Counties', source: 'xzq_xiang', sourceCode: 'XZQDM', length: 6, color: '#5a2d82', width: 2.2, minZoom: 0, sort: 1 },
]

function unitsOf(world: World, level: Level): [string[], string[]] {
  if (level.length === 12) return [world.plan.villages.map((v) => v.code), world.plan.villages.map((v) => v.name)]
  if (level.length === 9) return [world.plan.townships.map((t) => t.code), world.plan.townships.map((t) => t.name)]
  return [COUNTIES.map((c) => c.code), COUNTIES.map((c) => c.name)]
}

/** The three admin layers, in load order (villages first: each level is built from the one below). */
export function adminLayers(world: World): DemoLayer[] {
  return LEVELS.map((level) => ({
    spec: {
      id: level.id, title_zh: level.zh, title_en: level.en, kind: 'base' as const, geometry_type: 'MultiPolygon' as const,
      source: demoSource(world.seed), description: `${level.zh}界线与面积（演示数据）。${level.en} of the demo region.`,
      attributes: ADMIN_ATTRIBUTES, tile_properties: ['XZQDM', 'XZQMC', 'DCMJ'],
      style: boundaryStyle(level.color, level.width, level.zh, level.en), tier: 'public' as const, group_id: 'admin',
      sort_order: level.sort, min_zoom: level.minZoom,
    },
    total: 0,
    batches: () => [],
    finish: async (tx: Queryable) => {
      await tx.query(unionSql(level.id, level.source, level.sourceCode, level.length), unitsOf(world, level))
      await tx.query(areaSql(level.id))
    },
  }))
}
