/**
 * 宗地 ZD (DOMAIN §2.4): 国有建设用地 parcels in the towns (cells split in two), 宅基地 in the
 * villages, 土地承包经营权 on part of the farmland and 林地使用权 in some forest. A minority carry a
 * second, overlapping certificate (一地多证, R5): same land, another holder or an exclusive right.
 */
import type { FeatureRow } from '../catalog/feature-writer.js'
import { attrs, demoSource } from './attributes.js'
import { isCultivated, landClass } from './land-classes.js'
import { fillArea, inBatches, type DemoLayer } from './layer-loader.js'
import { companyName, personName } from './names.js'
import { Rng } from './random.js'
import { COUNTIES, townRatio } from './region.js'
import { categoryFill } from './styles.js'
import { cellKm, cellUnit, centroid, polygonJson, pushVertex, splitDiagonal, type Ring } from './tessellation.js'
import { codeOf, type World } from './world.js'

const ZD_ATTRIBUTES = attrs([
  ['BSM', 'text', '标识码', 'Feature ID'], ['YSDM', 'text', '要素代码', 'Feature code'],
  ['ZDDM', 'text', '宗地代码', 'Parcel code'], ['BDCDYH', 'text', '不动产单元号', 'Real-estate unit number'],
  ['ZDTZM', 'text', '宗地特征码', 'Parcel feature code'], ['QLLX', 'text', '权利类型', 'Right type'],
  ['QLXZ', 'text', '权利性质', 'Right nature'], ['QLRMC', 'text', '权利人名称', 'Right holder'],
  ['BDCQZH', 'text', '不动产权证号', 'Certificate number'], ['ZL', 'text', '坐落', 'Location'],
  ['YT', 'text', '用途', 'Use (land class)'], ['ZDMJ', 'decimal', '宗地面积', 'Parcel area (m²)'],
  ['DJSJ', 'date', '登记时间', 'Registered on'],
])

/** Right kinds: feature code letters, QLLX, QLXZ, holder kind. */
interface RightKind { state: 'G' | 'J'; letter: string; qllx: string; qlxz: string; company: boolean }

const STATE_LAND: RightKind = { state: 'G', letter: 'B', qllx: '4', qlxz: '102', company: true }
const HOMESTEAD: RightKind = { state: 'J', letter: 'C', qllx: '6', qlxz: '203', company: false }
const CONTRACT: RightKind = { state: 'J', letter: 'D', qllx: '9', qlxz: '201', company: false }
const FOREST: RightKind = { state: 'J', letter: 'E', qllx: '11', qlxz: '202', company: false }

interface Parcel { cell: number; ring: Ring; kind: RightKind; part: number }

/** The parcels of one cell (none for most unregistered land). */
function parcelsOf(world: World, i: number, ring: Ring): Parcel[] {
  const code = codeOf(world, i)
  const g = landClass(code).group
  const u = cellUnit(world.seed, 100, i)
  const built = g === '建设' || g === '交通'
  if (built && code !== '0702' && townRatio(centroid(ring)) < 1.6) return halves(world, i, ring, STATE_LAND)
  if (code === '0702') return halves(world, i, ring, HOMESTEAD)
  if (isCultivated(code) && u < 0.35) return [{ cell: i, ring, kind: CONTRACT, part: 0 }]
  if (g === '林地' && u < 0.3) return [{ cell: i, ring, kind: FOREST, part: 0 }]
  return []
}

function halves(world: World, i: number, ring: Ring, kind: RightKind): Parcel[] {
  const h = splitDiagonal(ring, Math.floor(8 * cellUnit(world.seed, 101, i)))
  return (h ?? [ring]).map((r, part) => ({ cell: i, ring: r, kind, part }))
}

/** A second certificate on (about) the same land: for 3 % of parcels. */
function duplicateOf(world: World, p: Parcel): Parcel | null {
  if (cellUnit(world.seed, 102 + p.part, p.cell) >= 0.03) return null
  const kind = p.kind === CONTRACT && cellUnit(world.seed, 104, p.cell) < 0.5 ? FOREST : p.kind
  // The second survey drew one corner differently: the copy overlaps the parcel and a neighbour.
  const ring = pushVertex(p.ring, Math.floor(8 * cellUnit(world.seed, 106, p.cell)), 1.15 + 0.2 * cellUnit(world.seed, 105, p.cell))
  return { ...p, ring, kind, part: p.part + 2 }
}

function* allParcels(world: World): Iterable<Parcel> {
  for (let i = 0; i < world.tess.count; i++) {
    if (world.village[i] < 0) continue
    const ring = cellKm(world.tess, i)
    if (!ring) continue
    for (const p of parcelsOf(world, i, ring)) {
      yield p
      const dup = duplicateOf(world, p)
      if (dup) yield dup
    }
  }
}

function formatParcel(world: World, p: Parcel, seq: number): FeatureRow {
  const rng = new Rng(world.seed, 106, p.cell, p.part)
  const v = world.plan.villages[world.village[p.cell]]
  const t = world.plan.townships[v.township]
  const county = COUNTIES[t.county]
  const zdtzm = p.kind.state + p.kind.letter
  const zddm = `${v.code}${zdtzm}${String(seq).padStart(5, '0')}`
  const house = p.kind === STATE_LAND || p.kind === HOMESTEAD
  const year = rng.int(2016, 2024)
  return {
    properties: {
      BSM: `ZD${zddm}`, YSDM: '6001010000', ZDDM: zddm,
      BDCDYH: zddm + (house ? `F${String(rng.int(1, 20)).padStart(4, '0')}0001` : p.kind === FOREST ? 'L00000000' : 'W00000000'),
      ZDTZM: zdtzm, QLLX: p.kind.qllx, QLXZ: p.kind === STATE_LAND && rng.chance(0.3) ? '101' : p.kind.qlxz,
      QLRMC: p.kind.company ? (rng.chance(0.7) ? companyName(rng) : personName(rng)) : personName(rng),
      BDCQZH: `宁(${year})银川市不动产权第${String(rng.int(1, 9999999)).padStart(7, '0')}号`,
      ZL: `银川市${county.name}${t.name}${v.name}${house ? `${rng.int(1, 300)}号` : `${rng.int(1, 9)}组`}`,
      YT: codeOf(world, p.cell), DJSJ: `${year}-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`,
    },
    geometry: polygonJson(p.ring),
  }
}

/** ZDDM sequence numbers run per 地籍子区 (village) and feature code. */
function* formatted(world: World): Iterable<FeatureRow> {
  const seqs = new Map<string, number>()
  for (const p of allParcels(world)) {
    const key = `${world.village[p.cell]}${p.kind.state}${p.kind.letter}`
    const seq = (seqs.get(key) ?? 0) + 1
    seqs.set(key, seq)
    yield formatParcel(world, p, seq)
  }
}

export function zdLayer(world: World): DemoLayer {
  return {
    spec: {
      id: 'zd', title_zh: '宗地', title_en: 'Cadastral parcels', kind: 'rights', geometry_type: 'MultiPolygon',
      source: demoSource(world.seed), description: '不动产登记宗地（演示数据，权利人为虚构）。Registered parcels, demo data with invented holders.',
      attributes: ZD_ATTRIBUTES, tile_properties: ['ZDDM', 'QLLX', 'ZDTZM', 'ZDMJ'],
      style: categoryFill('QLLX', [['4', '#c0392b', '国有建设用地使用权/房屋所有权', 'State construction land'], ['6', '#e67e22', '宅基地使用权/房屋所有权', 'Homestead'],
        ['9', '#d4ac0d', '土地承包经营权', 'Contracted farmland'], ['11', '#27ae60', '林地使用权', 'Forest land use right']], 0.25),
      tier: 'confidential', group_id: 'rights', sort_order: 1, min_zoom: 12,
    },
    total: Math.round(world.tess.count * 0.45),
    batches: () => inBatches(formatted(world)),
    afterBatch: fillArea('zd', 'ZDMJ'),
  }
}
