import type { LayerEntry } from '../catalog/catalog.types.js'
import { layerTable } from '../catalog/sql-names.js'
import type { Database } from '../db/database.js'
import { loadNamedSql } from '../jobs/named-sql.js'
import { tileSpan, type TileAddress } from './tile-coords.js'

const SQL = loadNamedSql(new URL('./tile-occupancy.sql', import.meta.url), ['extents', 'cells'] as const)

/** Finest and coarsest zoom an index is built at; cell numbers (x · 65536 + y) need zoom ≤ 16. */
const FINEST = 16
const COARSEST = 12
/** Tiles up to this many zoom levels above the index zoom are checked cell by cell (≤ 18 × 18 lookups). */
const MAX_LEVELS_UP = 4
/** Added to the margin so a box edge lying exactly on a cell edge marks the cells on both sides. */
const EDGE_METRES = 0.001

export interface OccupancySettings {
  /** Largest index per layer, in cells (4 bytes each); 0 turns the index off. */
  maxCells: number
  /** The tile buffer as a fraction of the tile (TILE_BUFFER ÷ TILE_EXTENT). */
  margin: number
  /** Told when an index cannot be built (the tiles are then simply queried). */
  onError?(layerId: string, error: unknown): void
}

/**
 * Which cells of one zoom hold at least one feature's bounding box (grown by the tile margin):
 * sorted cell numbers, searched by bisection.
 */
export class OccupancyIndex {
  constructor(readonly zoom: number, private readonly cells: Uint32Array, private readonly margin: number) {}

  get size(): number {
    return this.cells.length
  }

  /** False only when no feature's bounding box reaches the tile or its buffer. */
  mayHaveFeatures({ z, x, y }: TileAddress): boolean {
    if (z >= this.zoom) {
      const shift = z - this.zoom
      return this.has(Math.floor(x / 2 ** shift), Math.floor(y / 2 ** shift))
    }
    if (this.zoom - z > MAX_LEVELS_UP) return true
    const scale = 2 ** (this.zoom - z)
    const grow = this.margin * scale
    const last = 2 ** this.zoom - 1
    const [x0, x1] = [Math.max(0, Math.floor(x * scale - grow)), Math.min(last, Math.floor((x + 1) * scale + grow))]
    const [y0, y1] = [Math.max(0, Math.floor(y * scale - grow)), Math.min(last, Math.floor((y + 1) * scale + grow))]
    for (let cx = x0; cx <= x1; cx++) if (this.anyInColumn(cx, y0, y1)) return true
    return false
  }

  private has(cx: number, cy: number): boolean {
    const key = cx * 65536 + cy
    const i = this.lowerBound(key)
    return i < this.cells.length && this.cells[i] === key
  }

  private anyInColumn(cx: number, y0: number, y1: number): boolean {
    const i = this.lowerBound(cx * 65536 + y0)
    return i < this.cells.length && this.cells[i]! <= cx * 65536 + y1
  }

  /** First position whose cell number is ≥ key. */
  private lowerBound(key: number): number {
    let lo = 0
    let hi = this.cells.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (this.cells[mid]! < key) lo = mid + 1
      else hi = mid
    }
    return lo
  }
}

/** Sums over a layer's feature boxes (n boxes, Σw, Σh, Σw·h) and its whole box (ew × eh), in metres. */
interface BoxSums {
  n: number
  w: number
  h: number
  wh: number
  ew: number
  eh: number
}

/** Upper bound on the cells an index at `zoom` would hold: per-box bounds summed, capped by the layer's box. */
function estimateCells(b: BoxSums, zoom: number, margin: number): number {
  const s = tileSpan(zoom)
  const pad = 2 * margin + 2
  const summed = b.wh / (s * s) + (pad * (b.w + b.h)) / s + b.n * pad * pad
  return Math.min(summed, (b.ew / s + pad) * (b.eh / s + pad))
}

/** Cell numbers from the SQL's bytea of big-endian int8 values (each below 2³²). */
function decodeCells(bytes: Uint8Array): Uint32Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const cells = new Uint32Array(bytes.byteLength / 8)
  for (let i = 0; i < cells.length; i++) cells[i] = view.getUint32(i * 8 + 4)
  return cells
}

/**
 * Build a layer's occupancy index at the finest zoom whose size fits `maxCells`; null when even
 * zoom 12 would not fit, or when the layer's data changed while it was read (the index would be
 * for other data than `dataVersion`).
 */
export async function buildOccupancy(db: Database, layer: Pick<LayerEntry, 'id'>, dataVersion: number, settings: OccupancySettings): Promise<OccupancyIndex | null> {
  const table = layerTable(layer.id)
  const { rows: [sums] } = await db.query<BoxSums>(SQL.extents.replaceAll('{table}', table))
  let zoom = FINEST
  while (zoom >= COARSEST && estimateCells(sums!, zoom, settings.margin) > settings.maxCells) zoom--
  if (zoom < COARSEST) return null
  const s = tileSpan(zoom)
  const { rows: [row] } = await db.query<{ cells: Uint8Array | null; version: number | null }>(
    SQL.cells.replaceAll('{table}', table), [s, settings.margin * s + EDGE_METRES, layer.id])
  if (Number(row?.version) !== dataVersion) return null
  return new OccupancyIndex(zoom, row?.cells ? decodeCells(row.cells) : new Uint32Array(0), settings.margin)
}

interface LayerState {
  stamp: string
  /** undefined while building; null when there is no index for this stamp. */
  index?: OccupancyIndex | null
}

/**
 * The occupancy indexes of the served layers, one per layer and data version (the tile stamp), so
 * an empty tile inside a layer's extent is answered without a query. An index is built in the
 * background the first time a stamp is seen, one build at a time; until it is ready, and whenever
 * it could not be built, tiles are queried as usual. A new data version replaces the layer's index.
 */
export class TileOccupancy {
  private readonly layers = new Map<string, LayerState>()
  private queue: Promise<void> = Promise.resolve()
  /** Tiles answered as empty from an index (for tests and diagnostics). */
  skipped = 0

  constructor(private readonly db: Database, private readonly settings: OccupancySettings) {}

  /** False only when the layer's index for this stamp is built and shows the tile empty. */
  mayHaveFeatures(layer: LayerEntry, stamp: string, at: TileAddress): boolean {
    if (this.settings.maxCells <= 0) return true
    const state = this.layers.get(layer.id)
    if (state?.stamp !== stamp) {
      this.schedule(layer, stamp)
      return true
    }
    if (!state.index || state.index.mayHaveFeatures(at)) return true
    this.skipped++
    return false
  }

  /** Resolves when every build scheduled so far has finished. */
  idle(): Promise<void> {
    return this.queue
  }

  /** The index in use for a layer (undefined while none is ready). */
  indexOf(layerId: string): OccupancyIndex | undefined {
    return this.layers.get(layerId)?.index ?? undefined
  }

  private schedule(layer: LayerEntry, stamp: string): void {
    const state: LayerState = { stamp }
    this.layers.set(layer.id, state)
    this.queue = this.queue.then(async () => {
      if (this.layers.get(layer.id) !== state) return
      try {
        state.index = await buildOccupancy(this.db, layer, layer.data_version, this.settings)
      } catch (error) {
        state.index = null
        this.settings.onError?.(layer.id, error)
      }
    })
  }
}
