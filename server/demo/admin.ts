/**
 * The administrative hierarchy of the demo region: the six real counties, invented townships
 * (9-digit codes) and villages (12-digit codes) following DOMAIN §2.8. Every point of the region
 * belongs to exactly one village, so admin units are unions of whole DLTB patches.
 */
import { NameMaker } from './names.js'
import { Rng, fbm } from './random.js'
import { COUNTIES, HEIGHT_KM, WIDTH_KM, type CountyDef, type Km } from './region.js'

export interface Township { code: string; name: string; county: number; centre: Km; villages: number[] }
export interface Village { code: string; name: string; township: number; centre: Km }

export interface AdminPlan {
  seed: number
  townships: Township[]
  villages: Village[]
  /** Township indexes per county index. */
  countyTownships: number[][]
}

/** Townships per county and villages per township at each scale ([min, max]). */
const COUNTS: Record<string, { townships: [number, number]; villages: [number, number] }> = {
  tiny: { townships: [3, 4], villages: [3, 5] },
  small: { townships: [5, 7], villages: [6, 9] },
  medium: { townships: [8, 10], villages: [10, 14] },
  large: { townships: [8, 11], villages: [12, 16] },
}

/** The county a point lies in: weighted nearest centre, with the point warped by noise so borders wander. */
export function countyAt(seed: number, p: Km): number {
  const wx = p[0] + 6 * (fbm(seed, 3, p[0], p[1], 12) - 0.5)
  const wy = p[1] + 6 * (fbm(seed, 5, p[0], p[1], 12) - 0.5)
  let best = 0
  let bestD = Infinity
  COUNTIES.forEach((c, i) => {
    const d = Math.hypot(wx - c.centre[0], wy - c.centre[1]) / c.weight
    if (d < bestD) [best, bestD] = [i, d]
  })
  return best
}

function nearest(p: Km, candidates: readonly number[], centre: (i: number) => Km): number {
  let best = candidates[0]
  let bestD = Infinity
  for (const i of candidates) {
    const c = centre(i)
    const d = (p[0] - c[0]) ** 2 + (p[1] - c[1]) ** 2
    if (d < bestD) [best, bestD] = [i, d]
  }
  return best
}

/** Build the hierarchy for a scale and seed. */
export function planAdmin(scale: string, seed: number): AdminPlan {
  const rng = new Rng(seed, 1001)
  const names = new NameMaker(new Rng(seed, 1002))
  const plan: AdminPlan = { seed, townships: [], villages: [], countyTownships: COUNTIES.map(() => []) }
  const counts = COUNTS[scale] ?? COUNTS.small
  COUNTIES.forEach((county, ci) => addTownships(plan, rng, names, county, ci, rng.int(...counts.townships)))
  plan.townships.forEach((t, ti) => addVillages(plan, rng, names, ti, rng.int(...counts.villages)))
  return plan
}

function randomPointIn(rng: Rng, inside: (p: Km) => boolean): Km {
  for (let i = 0; i < 10000; i++) {
    const p: Km = [rng.range(0, WIDTH_KM), rng.range(0, HEIGHT_KM)]
    if (inside(p)) return p
  }
  throw new Error('demo generator: could not place an admin centre')
}

function addTownships(plan: AdminPlan, rng: Rng, names: NameMaker, county: CountyDef, ci: number, n: number): void {
  for (let k = 0; k < n; k++) {
    const centre = randomPointIn(rng, (p) => countyAt(plan.seed, p) === ci)
    // Urban districts: the first townships are 街道 (001–099), the rest 镇 (100–199); counties: 镇 then 乡 (200–399).
    const street = county.urban && k < Math.ceil(n / 2)
    const township = !county.urban && k >= Math.ceil((2 * n) / 3)
    const number = street ? 1 + k : township ? 200 + k : 100 + k
    const suffix = street ? '街道' : township ? '乡' : '镇'
    plan.countyTownships[ci].push(plan.townships.length)
    plan.townships.push({ code: county.code + String(number).padStart(3, '0'), name: names.stem() + suffix, county: ci, centre, villages: [] })
  }
}

function addVillages(plan: AdminPlan, rng: Rng, names: NameMaker, ti: number, n: number): void {
  const t = plan.townships[ti]
  const isStreet = t.name.endsWith('街道')
  for (let k = 0; k < n; k++) {
    const centre = k === 0 ? t.centre : randomPointIn(rng, (p) => townshipAt(plan, p) === ti)
    // 社区 (居委会) are numbered 001–199, 村 (村委会) 200–399.
    const community = isStreet || k === 0
    const number = community ? 1 + k : 200 + k
    t.villages.push(plan.villages.length)
    plan.villages.push({ code: t.code + String(number).padStart(3, '0'), name: names.stem() + (community ? '社区' : '村'), township: ti, centre })
  }
}

/** The township a point lies in (nearest township centre within its county). */
export function townshipAt(plan: AdminPlan, p: Km): number {
  const ci = countyAt(plan.seed, p)
  return nearest(p, plan.countyTownships[ci], (i) => plan.townships[i].centre)
}

/** The village a point lies in (nearest village centre within its township). */
export function villageAt(plan: AdminPlan, p: Km): number {
  const ti = townshipAt(plan, p)
  return nearest(p, plan.townships[ti].villages, (i) => plan.villages[i].centre)
}

export function countyOfVillage(plan: AdminPlan, vi: number): CountyDef {
  return COUNTIES[plan.townships[plan.villages[vi].township].county]
}
