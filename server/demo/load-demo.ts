/**
 * The demo region loader: generates a believable part of the 银川 plain (Ningxia) from a seed and
 * loads every demo layer through the catalog API, one transaction per layer. Same scale and seed
 * ⇒ identical data. See docs/demo-data.md.
 */
import type { Database } from '../db/database.js'
import { dropLayer } from '../catalog/layer-table.js'
import { adminLayers } from './admin-layers.js'
import { dltbLayer } from './dltb.js'
import { dzzhLayer, riversLayer, roadsLayer, settlementsLayer } from './base-layers.js'
import { czkfbjLayer, stbhhxLayer, yjjbntLayer } from './control-lines.js'
import { lcxzLayer } from './lcxz.js'
import { pzydLayer, wpjcLayer } from './monitoring.js'
import { zdLayer } from './rights.js'
import { loadLayer, type DemoLayer, type DemoProgress } from './layer-loader.js'
import { buildWorld, type DemoScale, type World } from './world.js'

export type { DemoScale, DemoProgress, DemoLayer }
export { buildWorld }
export interface DemoOptions { scale: DemoScale; seed: number; onProgress?: (p: DemoProgress) => void }

/** Layer ids the demo creates, in load order. */
export const DEMO_LAYER_IDS = [
  'dltb_2023', 'xzq_cun', 'xzq_xiang', 'xzq_xian', 'dltb_2024', 'lcxz_2024', 'yjjbnt', 'stbhhx', 'czkfbj',
  'zd', 'pzyd', 'wpjc_2024', 'dzzh', 'base_rivers', 'base_roads', 'base_settlements',
] as const

/** Layers in load order: each may read the ones before it (admin units from DLTB, flags from control lines). */
export function* demoLayers(world: World): Iterable<DemoLayer> {
  yield dltbLayer(world, 2023)
  yield* adminLayers(world)
  yield dltbLayer(world, 2024)
  yield lcxzLayer(world)
  yield yjjbntLayer(world)
  yield stbhhxLayer(world)
  yield czkfbjLayer(world)
  yield zdLayer(world)
  yield pzydLayer(world)
  yield wpjcLayer(world)
  yield dzzhLayer(world)
  yield riversLayer(world)
  yield roadsLayer(world)
  yield settlementsLayer(world)
}

/**
 * Generate and load the demo region. If a layer fails, the demo layers loaded before it are
 * dropped again, so a failed load never leaves half a region (and a restart will retry).
 */
export async function loadDemo(db: Database, options: DemoOptions): Promise<void> {
  const { onProgress } = options
  onProgress?.({ stage: 'generate', done: 0, total: 1 })
  const world = buildWorld(options.scale, options.seed, (done, total) => onProgress?.({ stage: 'generate', done, total }))
  onProgress?.({ stage: 'generate', done: 1, total: 1 })
  const loaded: string[] = []
  try {
    for (const layer of demoLayers(world)) {
      await loadLayer(db, layer, onProgress)
      loaded.push(layer.spec.id)
    }
  } catch (error) {
    await db.transaction(async (tx) => {
      for (const id of loaded.reverse()) await dropLayer(tx, id)
    })
    throw error
  }
}
