import { getLayer, listLayers } from '../catalog/catalog.repository.js'
import type { Caller, LayerEntry } from '../catalog/catalog.types.js'
import type { Queryable } from '../db/database.js'
import { BadRequestError, NotFoundError } from '../errors/problem.js'

/** At most this many layers in one multi-layer tile. */
export const MAX_LAYERS_PER_TILE = 32

/**
 * The layers named in a tile URL ("a" or "a,b,c"), read through the catalog so the caller's
 * clearance applies; order kept, duplicates dropped. An unknown (or hidden) layer is a 404.
 */
export async function resolveLayerList(db: Queryable, raw: string, caller: Caller): Promise<LayerEntry[]> {
  const ids = [...new Set(raw.split(',').map((s) => s.trim()).filter(Boolean))]
  if (ids.length === 0) throw new BadRequestError('Name at least one layer, e.g. /tiles/{layer}/{z}/{x}/{y}.mvt or /tiles/{a},{b}/{z}/{x}/{y}.mvt.')
  if (ids.length > MAX_LAYERS_PER_TILE) throw new BadRequestError(`At most ${MAX_LAYERS_PER_TILE} layers fit in one tile request; ${ids.length} were named. Use a layer group or split the request.`)
  if (ids.length === 1) return [await getLayer(db, ids[0]!, caller)]
  const visible = new Map((await listLayers(db, caller)).map((l) => [l.id, l]))
  const missing = ids.filter((id) => !visible.has(id))
  if (missing.length) throw new NotFoundError(`There is no layer ${missing.map((m) => `"${m}"`).join(', ')}. GET /api/layers lists the layers you can use.`)
  return ids.map((id) => visible.get(id)!)
}

/** The layers of a catalog group the caller may see, in catalog order; an empty group is a 404. */
export async function resolveGroup(db: Queryable, groupId: string, caller: Caller): Promise<LayerEntry[]> {
  const layers = (await listLayers(db, caller)).filter((l) => l.group_id === groupId)
  if (layers.length === 0) throw new NotFoundError(`There is no layer group "${groupId}". GET /api/layers lists the layers and their groups.`)
  return layers.slice(0, MAX_LAYERS_PER_TILE)
}
