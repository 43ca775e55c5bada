import type { Database, Queryable } from '../../db/database.js'
import type { AttributeDef, GeometryType } from '../../catalog/catalog.types.js'
import { createLayerTable, indexLayerTable } from '../../catalog/layer-table.js'
import { layerTable, quoteIdent } from '../../catalog/sql-names.js'

/**
 * The staging table of an import job: data."imp_<job id>". It has the final layer table's shape
 * and is renamed into place when the import completes, or dropped when it fails.
 */
export function stageName(jobId: string): string {
  return `imp_${jobId.replace(/-/g, '').toLowerCase()}`
}

export async function createStage(q: Queryable, name: string, geometryType: GeometryType, attributes: AttributeDef[]): Promise<void> {
  await createLayerTable(q, { id: name, geometry_type: geometryType, attributes }, name)
}

export async function dropStage(q: Queryable, name: string): Promise<void> {
  await q.exec(`DROP TABLE IF EXISTS ${layerTable(name)}`)
}

/** fids were inserted as the source feature numbers: move the fid sequence past them for later inserts. */
export async function resetFidSequence(q: Queryable, name: string): Promise<void> {
  await q.query(`SELECT setval(pg_get_serial_sequence($1, 'fid'), coalesce((SELECT max(fid) FROM ${layerTable(name)}), 0) + 1, false)`, [`data.${quoteIdent(name)}`])
}

/**
 * Drop the stage's geom_3857 trigger for a COPY load, which fills geom_3857 itself: a BEFORE ROW
 * trigger makes Postgres insert COPY rows one by one instead of in bulk.
 */
export async function pauseGeom3857Trigger(q: Queryable, name: string): Promise<void> {
  await q.exec(`DROP TRIGGER sync_geom_3857 ON ${layerTable(name)}`)
}

/** Put the trigger back as createLayerTable makes it, so later edits of the layer keep geom_3857 in step. */
export async function restoreGeom3857Trigger(q: Queryable, name: string): Promise<void> {
  await q.exec(`CREATE TRIGGER sync_geom_3857 BEFORE INSERT OR UPDATE OF geom ON ${layerTable(name)}
    FOR EACH ROW EXECUTE FUNCTION onemap.sync_geom_3857()`)
}

/** Run index building (and other long statements) with the import's statement timeout. */
export async function withImportTimeout(db: Database, timeoutMs: number, fn: (tx: Queryable) => Promise<void>): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query(`SELECT set_config('statement_timeout', $1, true)`, [String(timeoutMs)])
    await fn(tx)
  })
}

/**
 * GiST indexes on the stage's geom and geom_3857 (named after it; renamed with the table on
 * publish), then planner statistics. On PostGIS the two builds run at once in two sessions: each
 * GiST build is single-threaded, and nothing else runs at this point.
 */
export async function indexStage(db: Database, name: string, timeoutMs: number): Promise<void> {
  if (db.kind === 'pglite') return withImportTimeout(db, timeoutMs, (tx) => indexLayerTable(tx, name))
  const table = layerTable(name)
  const builds = await Promise.allSettled(['geom', 'geom_3857'].map((column) => withImportTimeout(db, timeoutMs, (tx) =>
    tx.exec(`CREATE INDEX ${quoteIdent(`${name}_${column}_idx`)} ON ${table} USING gist (${column})`))))
  for (const b of builds) if (b.status === 'rejected') throw b.reason
  await withImportTimeout(db, timeoutMs, (tx) => tx.exec(`ANALYZE ${table}`))
}

/** Rename the stage, its indexes and sequence to the layer's names (inside the publish transaction). */
export async function renameStage(q: Queryable, stage: string, layerId: string): Promise<void> {
  const rename = (kind: 'INDEX' | 'SEQUENCE', suffix: string) =>
    `ALTER ${kind} data.${quoteIdent(stage + suffix)} RENAME TO ${quoteIdent(layerId + suffix)};`
  await q.exec(`ALTER TABLE ${layerTable(stage)} RENAME TO ${quoteIdent(layerId)};
    ${rename('INDEX', '_geom_idx')}
    ${rename('INDEX', '_geom_3857_idx')}
    ${rename('INDEX', '_pkey')}
    ${rename('SEQUENCE', '_fid_seq')}`)
}
