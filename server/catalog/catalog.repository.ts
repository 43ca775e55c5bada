import type { Queryable } from '../db/database.js'
import { NotFoundError } from '../errors/problem.js'
import type { Caller, LayerEntry } from './catalog.types.js'
import { TIERS } from './catalog.types.js'

const COLUMNS = `id, title_zh, title_en, kind, geometry_type, series, year, version, source, description, attributes,
  tile_properties, time_field, style, tier, group_id, sort_order, min_zoom, extent, feature_count, data_version,
  created_at, updated_at`

/** SQL fragment: tiers the caller may see, as $n parameter values. */
function visibleTiers(caller: Caller): string[] {
  return TIERS.slice(0, TIERS.indexOf(caller.clearance) + 1)
}

/**
 * The one place every data path reads layers through. A layer above the caller's clearance
 * does not exist for that caller: it is not listed, and asking for it is a 404.
 */
export async function listLayers(db: Queryable, caller: Caller): Promise<LayerEntry[]> {
  const result = await db.query<LayerEntry>(
    `SELECT ${COLUMNS} FROM onemap.layers WHERE tier = ANY($1) ORDER BY group_id, sort_order, id`,
    [visibleTiers(caller)],
  )
  return result.rows.map(normalise)
}

export async function findLayer(db: Queryable, id: string, caller: Caller): Promise<LayerEntry | undefined> {
  const result = await db.query<LayerEntry>(`SELECT ${COLUMNS} FROM onemap.layers WHERE id = $1 AND tier = ANY($2)`, [id, visibleTiers(caller)])
  return result.rows[0] ? normalise(result.rows[0]) : undefined
}

export async function getLayer(db: Queryable, id: string, caller: Caller): Promise<LayerEntry> {
  const layer = await findLayer(db, id, caller)
  if (!layer) throw new NotFoundError(`There is no layer "${id}". GET /api/layers lists the layers you can use.`)
  return layer
}

function normalise(row: LayerEntry): LayerEntry {
  return {
    ...row,
    created_at: new Date(row.created_at).toISOString(),
    updated_at: new Date(row.updated_at).toISOString(),
  }
}
