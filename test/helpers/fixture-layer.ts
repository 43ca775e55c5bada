import type { Database } from '../../server/db/database.js'
import { insertFeatures, type FeatureRow } from '../../server/catalog/feature-writer.js'
import { createLayerTable, indexLayerTable, refreshLayerStats, registerLayer, type LayerSpec } from '../../server/catalog/layer-table.js'

/** Create, fill, index, register and refresh one fixture layer in a single transaction. */
export async function createFixtureLayer(db: Database, spec: LayerSpec, rows: FeatureRow[]): Promise<string> {
  await db.transaction(async (tx) => {
    await createLayerTable(tx, spec)
    await insertFeatures(tx, spec.id, spec.attributes, rows, { geometryType: spec.geometry_type })
    await indexLayerTable(tx, spec.id)
    await registerLayer(tx, spec)
    await refreshLayerStats(tx, spec.id)
  })
  return spec.id
}
