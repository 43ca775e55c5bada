import { getLayer, listLayers } from '../catalog/catalog.repository.js'
import type { Caller, LayerEntry, Tier } from '../catalog/catalog.types.js'
import type { Queryable } from '../db/database.js'
import { BadRequestError, NotFoundError } from '../errors/problem.js'

/** At most this many layers in one multi-layer tile. */
export const MAX_LAYERS_PER_TILE = 32

interface Read {
  at: number
  layers: Promise<Map<string, LayerEntry>>
}

function byId(layers: LayerEntry[]): Map<string, LayerEntry> {
  return new Map(layers.map((l) => [l.id, l]))
}

function parseIds(raw: string): string[] {
  const ids = [...new Set(raw.split(',').map((s) => s.trim()).filter(Boolean))]
  if (ids.length === 0) throw new BadRequestError('Name at least one layer, e.g. /tiles/{layer}/{z}/{x}/{y}.mvt or /tiles/{a},{b}/{z}/{x}/{y}.mvt.')
  if (ids.length > MAX_LAYERS_PER_TILE) throw new BadRequestError(`At most ${MAX_LAYERS_PER_TILE} layers fit in one tile request; ${ids.length} were named. Use a layer group or split the request.`)
  return ids
}

/**
 * The catalog as the tile routes read it, always through listLayers/getLayer so the caller's
 * clearance applies. With a TTL (TILE_CATALOG_TTL_MS) one read of all visible layers per clearance
 * serves the requests of the next TTL milliseconds, so a cached tile costs no database round trip;
 * a data change then reaches tiles within the TTL. With TTL 0 every request reads the catalog.
 */
export class TileCatalog {
  private readonly reads = new Map<Tier, Read>()

  constructor(
    private readonly db: Queryable,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Every layer the caller may see, by id, in catalog order. */
  async visible(caller: Caller): Promise<Map<string, LayerEntry>> {
    if (this.ttlMs === 0) return byId(await listLayers(this.db, caller))
    const read = this.reads.get(caller.clearance)
    if (read && this.now() - read.at < this.ttlMs) return read.layers
    const fresh: Read = { at: this.now(), layers: listLayers(this.db, caller).then(byId) }
    this.reads.set(caller.clearance, fresh)
    fresh.layers.catch(() => {
      if (this.reads.get(caller.clearance) === fresh) this.reads.delete(caller.clearance)
    })
    return fresh.layers
  }

  /**
   * The layers named in a tile URL ("a" or "a,b,c"): order kept, duplicates dropped. An unknown
   * (or hidden) layer is a 404 naming it.
   */
  async layerList(raw: string, caller: Caller): Promise<LayerEntry[]> {
    const ids = parseIds(raw)
    if (ids.length === 1 && this.ttlMs === 0) return [await getLayer(this.db, ids[0]!, caller)]
    const visible = await this.visible(caller)
    const missing = ids.filter((id) => !visible.has(id))
    if (missing.length) throw new NotFoundError(`There is no layer ${missing.map((m) => `"${m}"`).join(', ')}. GET /api/layers lists the layers you can use.`)
    return ids.map((id) => visible.get(id)!)
  }

  /** The layers of a catalog group the caller may see, in catalog order; an empty group is a 404. */
  async group(groupId: string, caller: Caller): Promise<LayerEntry[]> {
    const layers = [...(await this.visible(caller)).values()].filter((l) => l.group_id === groupId)
    if (layers.length === 0) throw new NotFoundError(`There is no layer group "${groupId}". GET /api/layers lists the layers and their groups.`)
    return layers.slice(0, MAX_LAYERS_PER_TILE)
  }
}
