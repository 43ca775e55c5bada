import type { Bench } from './lib/types.js'

/**
 * The benches `npm run bench` runs, in order. To add figures: write bench/<name>.bench.ts whose default
 * export is a `Bench` (see lib/types.ts; measure with lib/measure.ts, run the baseline in the same
 * `run`), then add ONE line here: `() => import('./<name>.bench.js'),`
 */
export const BENCHES: (() => Promise<{ default: Bench }>)[] = [
  () => import('./tiles.bench.js'),
  () => import('./items.bench.js'),
  () => import('./import.bench.js'),
]
