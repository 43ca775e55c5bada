/**
 * Loads one generated layer through the catalog API, in one transaction: create the table,
 * insert the rows in batches (reporting progress), run the layer's SQL post-processing
 * (official areas…), index, register and refresh its statistics. A failure leaves nothing behind.
 */
import type { Database, Queryable } from '../db/database.js'
import { insertFeatures, type FeatureRow } from '../catalog/feature-writer.js'
import { createLayerTable, indexLayerTable, refreshLayerStats, registerLayer, type LayerSpec } from '../catalog/layer-table.js'
import { layerTable, quoteIdent } from '../catalog/sql-names.js'
import { readFileSync } from 'node:fs'

const BATCH_AREA_SQL = readFileSync(new URL('./batch-area.sql', import.meta.url), 'utf8')

/** SQL returning (fid, m): official areas of the layer's rows with fid in $1..$2. */
export function batchAreaSql(layerId: string): string {
  return BATCH_AREA_SQL.replace('{{table}}', layerTable(layerId))
}

export interface DemoProgress { stage: string; done: number; total: number }

/** A layer ready to load: its catalog spec, its rows, and SQL to run after each batch and at the end. */
export interface DemoLayer {
  spec: LayerSpec
  /** Expected number of rows (for progress; need not be exact). */
  total: number
  batches(): Iterable<FeatureRow[]>
  /** Runs after each batch with the fid range just inserted. */
  afterBatch?(tx: Queryable, fromFid: number, toFid: number): Promise<void>
  /** Runs after all rows are in, before indexing. */
  finish?(tx: Queryable): Promise<void>
}

/** Load a layer in one transaction; returns the number of rows inserted. */
export async function loadLayer(db: Database, layer: DemoLayer, onProgress?: (p: DemoProgress) => void): Promise<number> {
  const { spec } = layer
  return db.transaction(async (tx) => {
    // The area SQL looks expensive to the planner (ST_DumpPoints), and JIT-compiling it for every
    // batch costs seconds on PostGIS; the queries are short, so JIT only gets in the way.
    await tx.exec('SET LOCAL jit = off')
    await createLayerTable(tx, spec)
    let done = 0
    const batches = layer.batches()[Symbol.iterator]()
    let next = batches.next()
    while (!next.done) {
      const from = done + 1
      const rows = next.value
      const stored = insertFeatures(tx, spec.id, spec.attributes, rows, { geometryType: spec.geometry_type })
        .then(async (n) => {
          await layer.afterBatch?.(tx, from, from + n - 1)
          return n
        })
      // Generate the next batch while the database stores this one (PostGIS works in parallel).
      // The no-op catch only marks a failure as handled until it is awaited just below.
      stored.catch(() => undefined)
      await new Promise((resolve) => setImmediate(resolve))
      next = batches.next()
      done += await stored
      onProgress?.({ stage: spec.id, done, total: Math.max(done, layer.total) })
    }
    await layer.finish?.(tx)
    await indexLayerTable(tx, spec.id)
    await registerLayer(tx, spec)
    await refreshLayerStats(tx, spec.id)
    if (done === 0) onProgress?.({ stage: spec.id, done: 1, total: 1 })
    return done
  })
}

/** Group an iterable of rows into batches of `size`. */
export function* inBatches(rows: Iterable<FeatureRow>, size = 2000): Iterable<FeatureRow[]> {
  let batch: FeatureRow[] = []
  for (const row of rows) {
    batch.push(row)
    if (batch.length >= size) {
      yield batch
      batch = []
    }
  }
  if (batch.length > 0) yield batch
}

/** SQL: set an official-area column from the geometry for a fid range ($1..$2). */
export function areaUpdateSql(layerId: string, column: string): string {
  // The range on t as well keeps the plan an index range scan however large the table grows.
  return `UPDATE ${layerTable(layerId)} t SET ${quoteIdent(column)} = a.m FROM (${batchAreaSql(layerId)}) a WHERE t.fid = a.fid AND t.fid BETWEEN $1 AND $2`
}

/** After-batch hook that fills one official-area column. */
export function fillArea(layerId: string, column: string): DemoLayer['afterBatch'] {
  const sql = areaUpdateSql(layerId, column)
  return async (tx, from, to) => {
    await tx.query(sql, [from, to])
  }
}
