/** Housekeeping around the demo layers: which exist, and removing them before a reload. */
import type { Database } from '../db/database.js'
import { dropLayer } from '../catalog/layer-table.js'
import { DEMO_LAYER_IDS } from './load-demo.js'

/** Ids of demo layers present in the catalog. */
export async function existingDemoLayers(db: Database): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>('SELECT id FROM onemap.layers WHERE id = ANY($1) ORDER BY id', [[...DEMO_LAYER_IDS]])
  return rows.map((r) => r.id)
}

/** Drop every demo layer (table and catalog row) in one transaction. */
export async function dropDemoLayers(db: Database): Promise<void> {
  await db.transaction(async (tx) => {
    for (const id of [...DEMO_LAYER_IDS].reverse()) await dropLayer(tx, id)
  })
}
