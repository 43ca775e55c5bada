import { createHash } from 'node:crypto'
import { availableParallelism } from 'node:os'
import pLimit, { type LimitFunction } from 'p-limit'
import type { LayerEntry } from '../catalog/catalog.types.js'
import type { Config } from '../config/config.js'
import type { Database } from '../db/database.js'
import { encodeLayer, type TileRow } from './mvt-encoder.js'
import type { TileCache, TileEntry } from './tile-cache.js'
import { COMPRESS_MIN_BYTES, compressTile, type TileCoding } from './tile-encoding.js'
import type { TileOccupancy } from './tile-occupancy.js'
import { runTileStatement } from './tile-query.js'
import { boxesOverlap, tileLonLatBounds, tileSpan, type TileAddress } from './tile-coords.js'
import { layerMemo, layerTileSql, type TileSqlOptions } from './tile-sql.js'

/**
 * Lines and polygons are simplified (Douglas-Peucker on the 3857 geometry) to this many tile units:
 * at extent 4096 that is half a screen pixel on a 512-pixel tile (a quarter on a 256-pixel one), so
 * the loss cannot be seen. Measured on the demo's boundary layers at z7–z11: tiles 1.9–3.7× smaller
 * than unsimplified, against 1.2–2.6× for one unit.
 */
export const SIMPLIFY_TILE_UNITS = 4
/**
 * From this zoom on geometries are not simplified: snapping to the tile grid already drops what
 * simplification would (measured on the demo: < 1 % smaller tiles at z12–z15, 10–25 % more time).
 */
export const SIMPLIFY_BELOW_ZOOM = 12

export type TileSettings = Pick<Config, 'TILE_EXTENT' | 'TILE_BUFFER' | 'TILE_MAX_FEATURES'>

/**
 * Cancels the tile's queries when aborted. A function is called only when a query is about to run,
 * so a cached tile never pays for creating a signal.
 */
export type TileSignal = AbortSignal | (() => AbortSignal)

export interface TileServiceOptions {
  db: Database
  settings: TileSettings
  cache: TileCache
  /** Defaults to ST_AsMVT where the database has it; 'geojson' forces the Node encoder. */
  encoder?: TileSqlOptions['encoder']
  /** Answers empty tiles inside a layer's extent without a query, once its index is built. */
  occupancy?: TileOccupancy
  /** Tile statements run at once (TILE_QUERY_CONCURRENCY); 0 or unset: this machine's cores + 1. */
  queryConcurrency?: number
}

/**
 * How many tile statements to run at once when not configured. A tile statement is CPU-bound in
 * PostgreSQL; more of them than the database has cores only adds switching between backends
 * (measured on 2 cores, 8 requests in flight: 3 at a time gave 7–17 % more tiles per second than 8).
 * The default assumes PostgreSQL shares this machine; set TILE_QUERY_CONCURRENCY to the database
 * host's cores + 1 when it does not.
 */
export function defaultTileQueryConcurrency(): number {
  return availableParallelism() + 1
}

/** The statement and parameters for one layer's tile; the bench runs the same ones directly. */
export interface TileQuery {
  sql: string
  params: unknown[]
  encoder: TileSqlOptions['encoder']
}

/** Simplification tolerance in metres at zoom z for a tile extent. */
export function simplifyTolerance(z: number, extent: number): number {
  return (SIMPLIFY_TILE_UNITS * tileSpan(z)) / extent
}

/** A layer's tile statement and its parameters; `simplify` defaults to the zoom band's choice. */
export function layerTileQuery(layer: LayerEntry, at: TileAddress, settings: TileSettings, encoder: TileQuery['encoder'], simplify = at.z < SIMPLIFY_BELOW_ZOOM): TileQuery {
  const { TILE_EXTENT: extent, TILE_BUFFER: buffer, TILE_MAX_FEATURES: cap } = settings
  const params: unknown[] = [at.z, at.x, at.y, extent, buffer / extent, cap, simplify ? simplifyTolerance(at.z, extent) : 0]
  if (encoder === 'mvt') params.push(buffer, layer.id)
  return { sql: layerTileSql(layer, { encoder, simplify }), params, encoder }
}

/** Build a served entry from MVT bytes: ETag from the bytes, compressed in `coding` (unless tiny). */
export function makeEntry(mvt: Buffer, coding: TileCoding | null = null): TileEntry {
  const etag = `"${createHash('sha1').update(mvt).digest('base64url')}"`
  return withCoding({ mvt, etag }, coding)
}

/** The entry with a copy compressed in `coding` (the same object when it has one or needs none). */
export function withCoding(entry: TileEntry, coding: TileCoding | null): TileEntry {
  if (!coding || entry[coding] || entry.mvt.length < COMPRESS_MIN_BYTES) return entry
  return { ...entry, [coding]: compressTile(entry.mvt, coding) }
}

const EMPTY: TileEntry = { mvt: Buffer.alloc(0), etag: '"empty"' }

/** Whether a layer can have features in this tile at all (min_zoom, extent), without a query. */
function mayHaveFeatures(layer: LayerEntry, at: TileAddress, margin: number): boolean {
  if (at.z < layer.min_zoom || !layer.extent) return false
  return boxesOverlap(layer.extent, tileLonLatBounds(at, margin))
}

/**
 * Vector tiles for catalog layers: cache first, else one statement per layer (ST_AsMVT, or the Node
 * encoder on PGlite), several layers concatenated into one tile (MVT layers are independent messages).
 */
export class TileService {
  readonly encoder: TileQuery['encoder']
  private readonly signature: string
  /** Tile statements wait here for their turn; a request gone meanwhile never runs its statement. */
  private readonly gate: LimitFunction

  constructor(private readonly options: TileServiceOptions) {
    this.encoder = options.encoder ?? (options.db.hasMvt ? 'mvt' : 'geojson')
    this.gate = pLimit(options.queryConcurrency || defaultTileQueryConcurrency())
    const s = options.settings
    this.signature = createHash('sha1').update(JSON.stringify(['entry-v2', this.encoder, s.TILE_EXTENT, s.TILE_BUFFER, s.TILE_MAX_FEATURES, SIMPLIFY_TILE_UNITS, SIMPLIFY_BELOW_ZOOM])).digest('base64url').slice(0, 10)
  }

  /**
   * The tile of one or more layers, in the given order, holding a copy compressed in `coding` (the
   * client's preferred one) unless it is tiny. Empty `mvt` means no features (204).
   */
  async tile(layers: LayerEntry[], at: TileAddress, signal?: TileSignal, coding: TileCoding | null = null): Promise<TileEntry> {
    if (layers.length === 1) return this.layerTile(layers[0]!, at, signal, coding)
    const key = `multi:${layers.map(layerStamp).join(',')}:${at.z}/${at.x}/${at.y}:${this.signature}`
    const cached = await this.options.cache.get(key)
    if (cached) return this.coded(key, cached, coding)
    const parts = await Promise.all(layers.map((layer) => this.layerTile(layer, at, signal)))
    const entry = makeEntry(Buffer.concat(parts.map((p) => p.mvt)), coding)
    await this.options.cache.set(key, entry)
    return entry
  }

  /** Tile statements running now and waiting for their turn (for monitoring and tests). */
  queryLoad(): { running: number; waiting: number } {
    return { running: this.gate.activeCount, waiting: this.gate.pendingCount }
  }

  /** One layer's tile, from the cache or the database. */
  async layerTile(layer: LayerEntry, at: TileAddress, signal?: TileSignal, coding: TileCoding | null = null): Promise<TileEntry> {
    if (!mayHaveFeatures(layer, at, this.options.settings.TILE_BUFFER / this.options.settings.TILE_EXTENT)) return EMPTY
    const stamp = layerStamp(layer)
    if (this.options.occupancy && !this.options.occupancy.mayHaveFeatures(layer, stamp, at)) return EMPTY
    const key = `${stamp}:${at.z}/${at.x}/${at.y}:${this.signature}`
    const cached = await this.options.cache.get(key)
    if (cached) return this.coded(key, cached, coding)
    const entry = makeEntry(await this.encode(layer, at, signal), coding)
    await this.options.cache.set(key, entry)
    return entry
  }

  /** A cached entry in the asked coding; a copy made now is cached too, so it is made once. */
  private async coded(key: string, cached: TileEntry, coding: TileCoding | null): Promise<TileEntry> {
    const entry = withCoding(cached, coding)
    if (entry !== cached) await this.options.cache.set(key, entry)
    return entry
  }

  private async encode(layer: LayerEntry, at: TileAddress, lazySignal?: TileSignal): Promise<Buffer> {
    const signal = typeof lazySignal === 'function' ? lazySignal() : lazySignal
    const query = layerTileQuery(layer, at, this.options.settings, this.encoder)
    const run = <R>() => this.gate(() => runTileStatement<R>(this.options.db, query.sql, query.params, signal))
    if (query.encoder === 'mvt') {
      const rows = await run<{ mvt: Buffer | null }>()
      return rows[0]?.mvt ?? Buffer.alloc(0)
    }
    const rows = await run<TileRow>()
    const names = layerMemo(layer).attributes.map((a) => a.name)
    return Buffer.from(encodeLayer(layer.id, rows, names, this.options.settings.TILE_EXTENT))
  }
}

/**
 * What identifies a layer's tiles: id, incarnation (created_at, so a layer dropped and re-created
 * under the same id never meets its predecessor's tiles), data_version, and a hash of what the
 * statement reads (geometry type and tile properties, which catalog edits can change without new
 * data). The caller's clearance is checked before any cache access; a per-clearance segment can be
 * added here when row-level filtering arrives.
 */
export function layerStamp(layer: LayerEntry): string {
  const memo = layerMemo(layer)
  const shape = (memo.shapeHash ??= createHash('sha1').update(JSON.stringify([layer.geometry_type, memo.attributes])).digest('base64url').slice(0, 8))
  const stamped = memo.stamp
  if (stamped && stamped.createdAt === layer.created_at && stamped.dataVersion === layer.data_version) return stamped.value
  const value = `${layer.id}@${Date.parse(layer.created_at).toString(36)}.${layer.data_version}.${shape}`
  memo.stamp = { createdAt: layer.created_at, dataVersion: layer.data_version, value }
  return value
}
