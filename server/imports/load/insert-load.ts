import type { Queryable } from '../../db/database.js'
import type { Geometry } from '../import.types.js'
import { toEwkbHex } from '../geometry/ewkb.js'
import { fitToLayer } from '../geometry/fit.js'
import { fromGcj02, mapPositions } from '../geometry/gcj02.js'
import { officialArea, toLonLat, type Projector } from '../geometry/official-area.js'
import { batchInsertSql } from './batch-sql.js'
import type { BatchQueue } from './batch-queue.js'
import type { Repaired } from './load-ledger.js'
import { inLoadSession } from './publish.js'
import { readRows, type LoadRow } from './rows.js'
import { StageLoad, type LoadTarget, type Pending } from './stage-load.js'

/**
 * The load stage through INSERT … unnest (PGlite, and sources whose CRS only PostGIS transforms):
 * stream rows, normalise each geometry to the layer type (GCJ-02 correction if asked), compute its
 * official area, and insert batches into the staging table with fid = the source feature number.
 * Transformation, validation and repair happen in that statement; the table's trigger fills geom_3857.
 */
export class InsertLoad extends StageLoad<Pending[], Queryable> {
  private readonly sql: string
  private readonly project?: Projector
  private readonly polygons: boolean

  constructor(t: LoadTarget) {
    super(t, t.db.kind === 'pglite' ? 1 : Math.max(1, t.sessions))
    this.sql = batchInsertSql(t.table, t.attributes, t.plan.crs.srid, t.geometryType)
    this.polygons = t.geometryType.includes('Polygon')
    this.project = toLonLat(t.plan.request.gcj02 ? 4490 : t.plan.crs.srid)
  }

  protected async produce(queue: BatchQueue<Pending[]>): Promise<void> {
    let batch: Pending[] = []
    for await (const row of readRows(this.t.plan, this.t.attributes)) {
      const pending = this.prepare(row)
      if (pending) batch.push(pending)
      if (batch.length < this.t.batchSize) continue
      this.t.signal.throwIfAborted()
      await queue.put(batch)
      batch = []
    }
    this.t.signal.throwIfAborted()
    if (batch.length > 0) await queue.put(batch)
  }

  protected session(fn: (q: Queryable) => Promise<void>): Promise<void> {
    return inLoadSession(this.t.db, this.t.statementTimeoutMs, fn)
  }

  protected async store(q: Queryable, batch: Pending[]): Promise<void> {
    const params: unknown[] = this.t.attributes.map((_, c) => batch.map((p) => p.values[c]))
    params.push(batch.map((p) => p.hex), batch.map((p) => p.index))
    const { rows } = await q.query<Repaired>(this.sql, params, { signal: this.t.signal })
    await this.ledger.settle(batch, rows)
  }

  private prepare(row: LoadRow): Pending | null {
    if (!this.readFeature(row.index, !row.values, row.issues)) return null
    const geometry = row.geometry && this.t.plan.request.gcj02 ? mapPositions(row.geometry, fromGcj02) : row.geometry
    if (!geometry) {
      this.nullGeometry(row.index)
      return { index: row.index, values: row.values!, hex: null, area: null }
    }
    const fitted = this.fit(geometry, row.index)
    if (!fitted) return null
    const area = this.polygons && this.project ? officialArea(fitted, this.project) : null
    return { index: row.index, values: row.values!, hex: toEwkbHex(fitted, this.t.plan.crs.srid), area }
  }

  /** The geometry in the layer's type; null for a feature of another kind that the request said to skip. */
  private fit(geometry: Geometry, index: number): Geometry | null {
    const fitted = fitToLayer(geometry, this.t.geometryType)
    return 'refused' in fitted ? this.refused(fitted.refused, index) : fitted.geometry
  }
}

