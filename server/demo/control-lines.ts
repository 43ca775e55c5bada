/**
 * 三条控制线: 永久基本农田 (from 2023 patches: mostly 耕地, some not), 生态保护红线 (a few large
 * complex polygons over the 贺兰山, along the 黄河, around wetlands and the 白芨滩 sands) and
 * 城镇开发边界 (zoned blobs around the towns). Conflicts (R1–R3) arise from where they lie.
 */
import type { Queryable } from '../db/database.js'
import { layerTable } from '../catalog/sql-names.js'
import { attrs, demoSource } from './attributes.js'
import { isCultivated } from './land-classes.js'
import { fillArea, inBatches, type DemoLayer } from './layer-loader.js'
import { fbm } from './random.js'
import { COUNTIES, HEIGHT_KM, LAKES, REGION, RIVER_KM, TOWNS, mountainFrontX, toKm, townRatio, type Km } from './region.js'
import { blob, blobFactor, corridor, resample } from './shapes.js'
import { categoryFill } from './styles.js'
import { cellUnit, polygonJson, type Ring } from './tessellation.js'
import { cellSeed, codeOf, type World } from './world.js'


const YJJBNT_ATTRIBUTES = attrs([
  ['BSM', 'text', '标识码', 'Feature ID'], ['YSDM', 'text', '要素代码', 'Feature code'],
  ['YJJBNTTBBH', 'text', '永久基本农田图斑编号', 'Farmland patch number'],
  ['DLBM', 'text', '地类编码', 'Land class code'], ['DLMC', 'text', '地类名称', 'Land class'],
  ['QSXZ', 'text', '权属性质', 'Ownership type'], ['QSDWDM', 'text', '权属单位代码', 'Owner unit code'],
  ['QSDWMC', 'text', '权属单位名称', 'Owner unit'], ['ZLDWDM', 'text', '坐落单位代码', 'Location unit code'],
  ['ZLDWMC', 'text', '坐落单位名称', 'Location unit'], ['GDLX', 'text', '耕地类型', 'Cultivated land type'],
  ['GDPDJB', 'text', '耕地坡度级别', 'Slope grade'], ['KCXS', 'decimal', '扣除地类系数', 'Deduction coefficient'],
  ['KCMJ', 'decimal', '扣除地类面积', 'Deducted area (m²)'], ['TBMJ', 'decimal', '图斑面积', 'Patch area (m²)'],
  ['JBNTMJ', 'decimal', '永久基本农田面积', 'Farmland area (m²)'],
  ['YJJBNTLX', 'text', '永久基本农田类型', 'Farmland status'], ['BHKSSJ', 'text', '保护开始时间', 'Protected since'],
])

/** Which 2023 cells are 永久基本农田: 80 % of plain farmland, 10 % of some non-耕地 classes (R2 conflicts). */
function farmlandCells(world: World): { bsm: string[]; lx: string[] } {
  const bsm: string[] = []
  const lx: string[] = []
  const loose = new Set(['0201', '0201K', '0702', '1104', '1104A', '1202', '0307', '0404', '0301K', '1006'])
  for (let i = 0; i < world.tess.count; i++) {
    const vi = world.village[i]
    if (vi < 0) continue
    const code = codeOf(world, i)
    const u = cellUnit(world.seed, 90, i)
    // Farmland next to towns was mostly left out when the lines were drawn (a few 永农∩开发边界 remain).
    const nearTown = townRatio(cellSeed(world, i)) < 1.7 && cellUnit(world.seed, 92, i) < 0.95
    const take = !nearTown && (isCultivated(code) ? u < 0.8 && world.slope[i] <= 2 : loose.has(code) && u < 0.1)
    if (!take) continue
    bsm.push(world.plan.villages[vi].code.slice(0, 6) + String(3 * i + 1).padStart(12, '0'))
    lx.push(!isCultivated(code) && cellUnit(world.seed, 91, i) < 0.4 ? 'YTC_DZG' : 'YJJBNT')
  }
  return { bsm, lx }
}

/** SQL: copy the chosen 2023 patches (attributes and official areas) into yjjbnt. */
function yjjbntSql(): string {
  return `INSERT INTO ${layerTable('yjjbnt')} ("BSM", "YSDM", "YJJBNTTBBH", "DLBM", "DLMC", "QSXZ", "QSDWDM", "QSDWMC", "ZLDWDM",
      "ZLDWMC", "GDLX", "GDPDJB", "KCXS", "KCMJ", "TBMJ", "JBNTMJ", "YJJBNTLX", "BHKSSJ", geom)
    SELECT d."BSM", '2003010100', left(d."ZLDWDM", 12) || lpad(d."TBBH", 5, '0'), d."DLBM", d."DLMC", d."QSXZ", d."QSDWDM", d."QSDWMC",
      d."ZLDWDM", d."ZLDWMC", d."GDLX", d."GDPDJB", d."KCXS", d."KCMJ", d."TBMJ", d."TBDLMJ", s.lx, '20221031', d.geom
    FROM ${layerTable('dltb_2023')} d JOIN unnest($1::text[], $2::text[]) AS s(bsm, lx) ON d."BSM" = s.bsm
    ORDER BY d.fid`
}

export function yjjbntLayer(world: World): DemoLayer {
  return {
    spec: {
      id: 'yjjbnt', title_zh: '永久基本农田', title_en: 'Permanent basic farmland', kind: 'control', geometry_type: 'MultiPolygon',
      source: demoSource(world.seed), description: '永久基本农田保护图斑（三区三线划定成果，演示数据）。Permanent basic farmland, demo data.',
      attributes: YJJBNT_ATTRIBUTES, tile_properties: ['BSM', 'YJJBNTTBBH', 'DLBM', 'DLMC', 'JBNTMJ', 'YJJBNTLX'],
      style: categoryFill('YJJBNTLX', [['YJJBNT', '#e0c600', '永久基本农田', 'Permanent farmland'], ['YTC_DZG', '#e07b00', '预调出/待整改', 'To be removed / rectified']], 0.45),
      tier: 'internal', group_id: 'control', sort_order: 1, min_zoom: 9,
    },
    total: 0,
    batches: () => [],
    finish: async (tx: Queryable) => {
      const { bsm, lx } = farmlandCells(world)
      await tx.query(yjjbntSql(), [bsm, lx])
    },
  }
}

const CONTROL_ATTRIBUTES = attrs([
  ['BSM', 'text', '标识码', 'Feature ID'], ['YSDM', 'text', '要素代码', 'Feature code'],
  ['XZQDM', 'text', '行政区代码', 'Admin code'], ['XZQMC', 'text', '行政区名称', 'Admin name'],
])

const RED_LINE_ATTRIBUTES = [...CONTROL_ATTRIBUTES, ...attrs([
  ['HXBH', 'text', '红线编号', 'Red line number'], ['HXMC', 'text', '红线名称', 'Red line name'],
  ['HXLX', 'text', '生态功能类型', 'Ecological function'], ['GKFQ', 'text', '管控分区', 'Control zone'],
  ['MJ', 'decimal', '面积', 'Area (m²)'],
])]

interface Area { name: string; type: string; zone: string; county: number; ring: Ring }

/** West of the mountain front (shifted ~1 km onto the piedmont, wandering): the 贺兰山 red line. */
function mountainRing(seed: number): Ring {
  const front = resample([[0, -0.5], [0, HEIGHT_KM + 0.5]], 0.03)
    .map(([, y]): [number, number] => [mountainFrontX(y) + 1.2 + 4 * (fbm(seed, 120, 0, y, 5, 5) - 0.5), y])
  return [...front, [-1, HEIGHT_KM + 1], [-1, -1]]
}

function redLineAreas(seed: number): Area[] {
  return [
    { name: '贺兰山生态保护红线', type: '生物多样性维护', zone: '核心保护区', county: 1, ring: mountainRing(seed) },
    { name: '黄河银川段生态保护红线', type: '水源涵养', zone: '一般控制区', county: 0, ring: corridor(seed, 130, RIVER_KM, 0.05, (n) => 0.9 + 2.2 * n) },
    ...LAKES.slice(0, 2).map((l, k) => ({ name: `${l.name}湿地生态保护红线`, type: '生物多样性维护', zone: '一般控制区', county: k === 0 ? 2 : 0, ring: blob(seed, 140 + k, l.centre, l.radius * 1.5, 0.5, 700) })),
    { name: '白芨滩防风固沙生态保护红线', type: '防风固沙', zone: '核心保护区', county: 5, ring: blob(seed, 150, toKm(106.6, 38.2), 9, 0.45, 1800) },
  ]
}

/** SQL: repair, clip to the region and drop what earlier rows already cover (red lines do not overlap each other). */
function cleanSql(layerId: string): string {
  const t = layerTable(layerId)
  return `UPDATE ${t} SET geom = ST_Multi(ST_CollectionExtract(ST_Intersection(ST_MakeValid(geom),
      ST_MakeEnvelope(${REGION.west}, ${REGION.south}, ${REGION.east}, ${REGION.north}, 4490)), 3));
    UPDATE ${t} a SET geom = ST_Multi(ST_CollectionExtract(ST_Difference(a.geom,
      (SELECT ST_Union(b.geom) FROM ${t} b WHERE b.fid < a.fid AND ST_Intersects(a.geom, b.geom))), 3))
    WHERE EXISTS (SELECT 1 FROM ${t} b WHERE b.fid < a.fid AND ST_Intersects(a.geom, b.geom));
    DELETE FROM ${t} WHERE ST_IsEmpty(geom);`
}

export function stbhhxLayer(world: World): DemoLayer {
  const areas = redLineAreas(world.seed)
  return {
    spec: {
      id: 'stbhhx', title_zh: '生态保护红线', title_en: 'Ecological protection red line', kind: 'control', geometry_type: 'MultiPolygon',
      source: demoSource(world.seed), description: '生态保护红线（演示数据）。Ecological protection red line, demo data.',
      attributes: RED_LINE_ATTRIBUTES, tile_properties: ['HXBH', 'HXMC', 'HXLX', 'GKFQ', 'MJ'],
      style: categoryFill('GKFQ', [['核心保护区', '#1b7a3a', '核心保护区', 'Core zone'], ['一般控制区', '#4fb06a', '一般控制区', 'General control zone']], 0.35),
      tier: 'internal', group_id: 'control', sort_order: 2, min_zoom: 0,
    },
    total: areas.length,
    batches: () => inBatches(areas.map((a, k) => ({
      properties: { BSM: `STBHHX64${String(k + 1).padStart(4, '0')}`, YSDM: '2002020100', XZQDM: COUNTIES[a.county].code, XZQMC: COUNTIES[a.county].name,
        HXBH: `640100-${String(k + 1).padStart(3, '0')}`, HXMC: a.name, HXLX: a.type, GKFQ: a.zone },
      geometry: polygonJson(a.ring),
    }))),
    finish: async (tx) => {
      await tx.exec(cleanSql('stbhhx'))
      await fillArea('stbhhx', 'MJ')!(tx, 0, Number.MAX_SAFE_INTEGER)
    },
  }
}

const CZKFBJ_ATTRIBUTES = [...CONTROL_ATTRIBUTES, ...attrs([
  ['CZMC', 'text', '城镇名称', 'Town'], ['GNFQDM', 'text', '功能分区代码', 'Zone code'],
  ['GNFQMC', 'text', '功能分区名称', 'Zone'], ['MJ', 'decimal', '面积', 'Area (m²)'],
])]

/** Rings per town: 集中建设区 (a blob) and 弹性发展区 (a ring around it, as a polygon with a hole). */
function developmentZones(seed: number): { town: string; code: string; name: string; rings: Ring[] }[] {
  const out: { town: string; code: string; name: string; rings: Ring[] }[] = []
  TOWNS.forEach((t, k) => {
    const n = 360
    const inner = blob(seed, 160 + k, t.centre, t.radius * 1.05, 0.3, n)
    const outer = inner.map(([x, y], j): [number, number] => {
      const f = 1.1 + 0.12 * blobFactor(seed, 180 + k, (2 * Math.PI * j) / n, 1)
      return [t.centre[0] + (x - t.centre[0]) * f, t.centre[1] + (y - t.centre[1]) * f]
    })
    out.push({ town: t.name, code: '01', name: '集中建设区', rings: [inner] })
    out.push({ town: t.name, code: '02', name: '弹性发展区', rings: [outer, [...inner].reverse()] })
  })
  // 特别用途区 along the river near the city and 灵武: they reach into the river red line (R1).
  const special: Km[] = [toKm(106.46, 38.44), toKm(106.49, 38.52), toKm(106.31, 38.13)]
  special.forEach((c, k) => out.push({ town: k < 2 ? '银川市' : '灵武市区', code: '03', name: '特别用途区', rings: [blob(seed, 200 + k, c, 1.3, 0.5, 240)] }))
  return out
}

export function czkfbjLayer(world: World): DemoLayer {
  const zones = developmentZones(world.seed)
  return {
    spec: {
      id: 'czkfbj', title_zh: '城镇开发边界', title_en: 'Urban development boundary', kind: 'control', geometry_type: 'MultiPolygon',
      source: demoSource(world.seed), description: '城镇开发边界及功能分区（演示数据）。Urban development boundary with zones, demo data.',
      attributes: CZKFBJ_ATTRIBUTES, tile_properties: ['CZMC', 'GNFQDM', 'GNFQMC', 'MJ'],
      style: categoryFill('GNFQDM', [['01', '#d9534f', '集中建设区', 'Concentrated construction'], ['02', '#f0ad4e', '弹性发展区', 'Flexible development'], ['03', '#9b59b6', '特别用途区', 'Special use']], 0.3),
      tier: 'internal', group_id: 'control', sort_order: 3, min_zoom: 0,
    },
    total: zones.length,
    batches: () => inBatches(zones.map((z, k) => ({
      properties: { BSM: `CZKFBJ64${String(k + 1).padStart(4, '0')}`, YSDM: '2002030100', XZQDM: '640100', XZQMC: '银川市', CZMC: z.town, GNFQDM: z.code, GNFQMC: z.name },
      geometry: polygonJson(...z.rings),
    }))),
    finish: async (tx) => {
      await tx.exec(cleanSql('czkfbj'))
      await fillArea('czkfbj', 'MJ')!(tx, 0, Number.MAX_SAFE_INTEGER)
    },
  }
}
