import type { Queryable } from '../../db/database.js'
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

/** GiST indexes on the stage (named after it; renamed with the table on publish). */
export async function indexStage(q: Queryable, name: string): Promise<void> {
  await indexLayerTable(q, name)
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
