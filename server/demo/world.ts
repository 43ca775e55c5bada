/**
 * Everything the layers of one demo load share: the admin plan, the DLTB tessellation and, per
 * cell, its village, its 2023 land class and its 2024 change. Kept in typed arrays so even the
 * large scale (10⁶ cells) stays small in memory; cell geometry is recomputed when a layer needs it.
 */
import { planAdmin, villageAt, type AdminPlan } from './admin.js'
import { classify, slopeGrade } from './landscape.js'
import { LAND_CLASSES, isCultivated, landClass } from './land-classes.js'
import { weighted } from './random.js'
import { townRatio, type Km } from './region.js'
import { cellKm, cellUnit, centroid, makeSeeds, seedOf, splitDiagonal, tessellate, type Ring, type Tessellation } from './tessellation.js'

export type DemoScale = 'tiny' | 'small' | 'medium' | 'large'

/** Fields are about this many times longer (north–south) than wide. */
const FIELD_STRETCH = 1.8

/** DLTB patches per year at each scale (approximate). */
export const DLTB_TARGET: Record<DemoScale, number> = { tiny: 2500, small: 20000, medium: 200000, large: 1015000 }

export interface World {
  scale: DemoScale
  seed: number
  plan: AdminPlan
  tess: Tessellation
  /** Village index per cell, -1 for an empty cell. */
  village: Int32Array
  /** Index into LAND_CLASSES of the 2023 class per cell. */
  class2023: Uint8Array
  /** Slope grade (GDPDJB) per cell, meaningful for cultivated land. */
  slope: Uint8Array
  /** 2023 patch number (TBBH) per cell: its rank within its village. */
  tbbh: Int32Array
  /** Number of 2023 patches per village (2024's new patches are numbered after them). */
  villagePatches: Int32Array
}

const CODE_INDEX = new Map(LAND_CLASSES.map((c, i) => [c.code, i]))

/** Build the shared state for a load; `progress` hears (cells done, cells) every 50 000 cells. */
export function buildWorld(scale: DemoScale, seed: number, progress?: (done: number, total: number) => void): World {
  const plan = planAdmin(scale, seed)
  const tess = tessellate(makeSeeds(seed, 1, DLTB_TARGET[scale], FIELD_STRETCH), FIELD_STRETCH)
  const village = new Int32Array(tess.count).fill(-1)
  const class2023 = new Uint8Array(tess.count)
  const slope = new Uint8Array(tess.count)
  const tbbh = new Int32Array(tess.count)
  const villagePatches = new Int32Array(plan.villages.length)
  for (let i = 0; i < tess.count; i++) {
    if (i % 50000 === 49999) progress?.(i + 1, tess.count)
    const ring = cellKm(tess, i)
    if (!ring) continue
    const p = centroid(ring)
    const vi = villageAt(plan, p)
    const v = plan.villages[vi]
    const place = { p, u: cellUnit(seed, 2, i), villageKm: Math.hypot(p[0] - v.centre[0], p[1] - v.centre[1]), seed }
    village[i] = vi
    class2023[i] = CODE_INDEX.get(classify(place))!
    slope[i] = slopeGrade(place)
    tbbh[i] = ++villagePatches[vi]
  }
  return { scale, seed, plan, tess, village, class2023, slope, tbbh, villagePatches }
}

export function codeOf(world: World, i: number): string {
  return LAND_CLASSES[world.class2023[i]].code
}

/** What happened to a cell between the 2023 and the 2024 survey. */
export type Change =
  | { kind: 'none' }
  | { kind: 'whole'; to: string }
  | { kind: 'split'; to: string; halves: [Ring, Ring] }


/** The new class a cell would turn into, or null when it stays (a few % of cells change). */
function newClass(world: World, i: number, p: Km): string | null {
  const code = codeOf(world, i)
  const u = cellUnit(world.seed, 70, i)
  const v = cellUnit(world.seed, 71, i)
  const group = landClass(code).group
  const town = townRatio(p)
  if ((isCultivated(code) || group === '草地') && town < 2.2 && u < 0.12) {
    return weighted(v, town < 1.2 ? [['0701', 3], ['05H1', 1], ['1004', 1]] : [['0601', 3], ['0508', 1], ['0701', 1], ['1004', 1]])
  }
  if (isCultivated(code) && u < 0.02) return weighted(v, [['0201', 3], ['0301', 1], ['1202', 2], ['1104A', 1], ['0702', 1.5]])
  if ((code === '0404' || code === '1206' || code === '1205') && u < 0.03) return weighted(v, [['0102', 3], ['0201', 2], ['0602', 1], ['0305', 1]])
  if (code === '0201K' && u < 0.1) return '0102'
  return null
}

/** The 2024 change of a cell; about 40 % of changes affect only half of the cell (a split). */
export function changeOf(world: World, i: number, ring: Ring): Change {
  const p = centroid(ring)
  const to = newClass(world, i, p)
  if (!to) return { kind: 'none' }
  if (cellUnit(world.seed, 72, i) < 0.4) {
    const halves = splitDiagonal(ring, Math.floor(8 * cellUnit(world.seed, 73, i)))
    if (halves) return { kind: 'split', to, halves }
  }
  return { kind: 'whole', to }
}

/** Index of the cell's seed, for things that need a point inside the cell. */
export function cellSeed(world: World, i: number): Km {
  return seedOf(world.tess, i)
}
