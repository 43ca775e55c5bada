import type { AttributeDef, GeometryType, LayerEntry, LayerKind } from '../../catalog/catalog.types.js'
import { refreshLayerStats, registerLayer, type LayerSpec } from '../../catalog/layer-table.js'
import { layerTable, quoteIdent } from '../../catalog/sql-names.js'
import type { Database, Queryable } from '../../db/database.js'
import { NotFoundError } from '../../errors/problem.js'
import type { ImportRequest } from '../import.types.js'
import { dropStage, renameStage } from './stage-table.js'

export interface PublishInput {
  db: Database
  request: ImportRequest
  stage: string
  attributes: AttributeDef[]
  geometryType: GeometryType
  existing?: LayerEntry
  /** "xzq.shp", recorded as the layer's source. */
  sourceName: string
  statementTimeoutMs: number
}

/** The layer-tree group a new layer joins by its kind (thematic layers go under "other"). */
const GROUP_OF_KIND: Partial<Record<LayerKind, string>> = { survey: 'survey', control: 'control', rights: 'rights', base: 'base', result: 'result' }

function spec(input: PublishInput): LayerSpec {
  const { request: r } = input
  const title = r.title ?? input.sourceName.replace(/\.[^.]*$/, '')
  const kind = r.kind ?? 'thematic'
  return {
    id: r.layer, title_zh: title, title_en: r.titleEn ?? title, kind, geometry_type: input.geometryType,
    attributes: input.attributes, year: r.year ?? null, tier: r.tier ?? 'internal', source: `Imported from ${input.sourceName}`,
    group_id: GROUP_OF_KIND[kind] ?? 'other',
  }
}

async function lockLayer(tx: Queryable, id: string): Promise<void> {
  const { rows } = await tx.query('SELECT id FROM onemap.layers WHERE id = $1 FOR UPDATE', [id])
  if (rows.length === 0) throw new NotFoundError(`Layer "${id}" was deleted while the import ran; nothing was changed.`)
}

async function replaceCatalogRow(tx: Queryable, input: PublishInput): Promise<void> {
  const s = spec(input)
  const names = input.attributes.map((a) => a.name)
  await tx.query(
    `UPDATE onemap.layers SET geometry_type = $2, attributes = $3, title_zh = coalesce($4, title_zh), title_en = coalesce($5, $4, title_en),
       kind = coalesce($6, kind), year = coalesce($7, year), tier = coalesce($8, tier), source = $9,
       tile_properties = (SELECT array_agg(p) FROM unnest(tile_properties) p WHERE p = ANY($10::text[])),
       time_field = CASE WHEN time_field = ANY($10::text[]) THEN time_field END
     WHERE id = $1`,
    [s.id, s.geometry_type, JSON.stringify(s.attributes), input.request.title ?? null, input.request.titleEn ?? null, input.request.kind ?? null,
      input.request.year ?? null, input.request.tier ?? null, s.source, names],
  )
}

async function inTransaction<T>(input: PublishInput, fn: (tx: Queryable) => Promise<T>): Promise<T> {
  return input.db.transaction(async (tx) => {
    await tx.query(`SELECT set_config('statement_timeout', $1, true)`, [String(input.statementTimeoutMs)])
    return fn(tx)
  })
}

/**
 * Make the staged data the layer, in ONE transaction, so readers see the old version until the
 * commit and the new one after: create renames the stage and registers it; replace drops the old
 * table and renames the stage into its place; append copies the stage's rows into the layer.
 * refreshLayerStats bumps data_version, which invalidates the layer's cached tiles.
 */
export async function publish(input: PublishInput): Promise<number> {
  const id = input.request.layer
  return inTransaction(input, async (tx) => {
    if (input.request.mode === 'create') {
      await renameStage(tx, input.stage, id)
      await registerLayer(tx, spec(input))
    } else if (input.request.mode === 'replace') {
      await lockLayer(tx, id)
      await tx.exec(`DROP TABLE ${layerTable(id)}`)
      await renameStage(tx, input.stage, id)
      await replaceCatalogRow(tx, input)
    } else {
      await lockLayer(tx, id)
      const cols = [...input.attributes.map((a) => quoteIdent(a.name)), 'geom'].join(', ')
      await tx.exec(`INSERT INTO ${layerTable(id)} (${cols}) SELECT ${cols} FROM ${layerTable(input.stage)} ORDER BY fid`)
      await dropStage(tx, input.stage)
    }
    await refreshLayerStats(tx, id)
    const { rows } = await tx.query<{ data_version: number }>('SELECT data_version FROM onemap.layers WHERE id = $1', [id])
    return rows[0]!.data_version
  })
}

/**
 * The session the load stage writes through. On PostGIS: one transaction on one connection, so
 * PostGIS/PROJ caches stay warm across batches, JIT is off (it costs more than it saves on
 * 2,000-row statements) and a crash rolls everything back. On PGlite: the database itself, batch
 * by batch, so other requests run between batches (its single connection would otherwise be held).
 */
export async function inLoadSession<T>(db: Database, timeoutMs: number, fn: (q: Queryable) => Promise<T>): Promise<T> {
  if (db.kind === 'pglite') return fn(db)
  return db.transaction(async (tx) => {
    await tx.query(`SELECT set_config('jit', 'off', true), set_config('statement_timeout', $1, true)`, [String(timeoutMs)])
    return fn(tx)
  })
}
