import type { AttributeDef, GeometryType } from '../../catalog/catalog.types.js'
import type { Database, Queryable } from '../../db/database.js'
import type { Geometry, ImportPlan } from '../import.types.js'
import { ImportInputError } from '../import-errors.js'
import type { IssueLog } from '../import-report.js'
import { toEwkbHex } from '../geometry/ewkb.js'
import { fitToLayer } from '../geometry/fit.js'
import { fromGcj02, mapPositions } from '../geometry/gcj02.js'
import { officialArea, toLonLat, type Projector } from '../geometry/official-area.js'
import type { SurveyQa } from '../qa/survey-qa.js'
import { batchInsertSql } from './batch-sql.js'
import { BatchQueue } from './batch-queue.js'
import { inLoadSession } from './publish.js'
import { readRows, type LoadRow } from './rows.js'

/** Everything the load stage needs besides the rows. */
export interface LoadTarget {
  db: Database
  plan: ImportPlan
  /** Staging table to fill. */
  table: string
  attributes: AttributeDef[]
  geometryType: GeometryType
  layerId: string
  batchSize: number
  /** Concurrent load sessions on PostGIS (PGlite always uses its one connection). */
  sessions: number
  statementTimeoutMs: number
  signal: AbortSignal
  issues: IssueLog
  qa: SurveyQa | null
  onProgress(counts: LoadCounts): Promise<void>
}

export interface LoadCounts {
  read: number
  written: number
  skippedDeleted: number
  /** Features of another geometry kind than the one asked for (GeoJSON with the geometry option). */
  skippedOtherKind: number
  nullGeometry: number
  repaired: number
  /** Official area of everything written, in hundredths of m² (exact integer arithmetic). */
  areaCents: number
}

interface Pending {
  index: number
  values: unknown[]
  hex: string | null
  area: number | null
}

interface Repaired {
  i: number
  reason: string
  parts: number | null
  emptied: boolean
  area: number | null
}

const NULL_GEOMETRY = { code: 'null_geometry', message: 'The feature has no geometry; it was stored without one.', severity: 'warning' } as const

/** Let other work (HTTP requests on PGlite, whose queries settle as microtasks) run between batches. */
const yieldToEventLoop = () => new Promise((resolve) => setImmediate(resolve))

/**
 * The load stage: stream rows, normalise each geometry to the layer type (GCJ-02 correction if
 * asked), compute its official area, and hand batches through a bounded queue to the load
 * sessions, which insert them into the staging table with fid = the source feature number.
 * Validation and repair happen in that statement. Memory stays at a few batches.
 */
export class Loader {
  readonly counts: LoadCounts = { read: 0, written: 0, skippedDeleted: 0, skippedOtherKind: 0, nullGeometry: 0, repaired: 0, areaCents: 0 }
  private readonly sql: string
  private readonly project?: Projector
  private readonly polygons: boolean

  constructor(private readonly t: LoadTarget) {
    this.sql = batchInsertSql(t.table, t.attributes, t.plan.crs.srid, t.geometryType)
    this.polygons = t.geometryType.includes('Polygon')
    this.project = toLonLat(t.plan.request.gcj02 ? 4490 : t.plan.crs.srid)
  }

  async run(): Promise<LoadCounts> {
    const sessions = this.t.db.kind === 'pglite' ? 1 : Math.max(1, this.t.sessions)
    const queue = new BatchQueue<Pending[]>(sessions)
    const work = [this.produce(queue), ...Array.from({ length: sessions }, () => inLoadSession(this.t.db, this.t.statementTimeoutMs, (q) => this.consume(q, queue)))]
    try {
      await Promise.all(work.map((p) => p.catch((error: unknown) => {
        queue.fail(error)
        throw error
      })))
    } catch (error) {
      await Promise.allSettled(work)
      throw error
    }
    this.t.issues.sort()
    return this.counts
  }

  /** Read and prepare rows, and queue them in batches; closes the queue at the end. */
  private async produce(queue: BatchQueue<Pending[]>): Promise<void> {
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
    queue.close()
  }

  /** One load session: insert queued batches until the queue is drained. */
  private async consume(q: Queryable, queue: BatchQueue<Pending[]>): Promise<void> {
    for (let batch = await queue.take(); batch; batch = await queue.take()) {
      this.t.signal.throwIfAborted()
      await this.flush(q, batch)
      await yieldToEventLoop()
    }
  }

  private prepare(row: LoadRow): Pending | null {
    this.counts.read++
    if (!row.values) {
      this.counts.skippedDeleted++
      return null
    }
    for (const issue of row.issues) this.t.issues.add(row.index, issue)
    const geometry = row.geometry && this.t.plan.request.gcj02 ? mapPositions(row.geometry, fromGcj02) : row.geometry
    if (!geometry) {
      this.counts.nullGeometry++
      this.t.issues.add(row.index, NULL_GEOMETRY)
      return { index: row.index, values: row.values, hex: null, area: null }
    }
    const fitted = this.fit(geometry, row.index)
    if (!fitted) return null
    const area = this.polygons && this.project ? officialArea(fitted, this.project) : null
    return { index: row.index, values: row.values, hex: toEwkbHex(fitted, this.t.plan.crs.srid), area }
  }

  /** The geometry in the layer's type; null for a feature of another kind that the request said to skip. */
  private fit(geometry: Geometry, index: number): Geometry | null {
    const fitted = fitToLayer(geometry, this.t.geometryType)
    if (!('refused' in fitted)) return fitted.geometry
    if (fitted.refused.code === 'wrong_geometry_type' && this.t.plan.request.geometry) {
      this.counts.skippedOtherKind++
      this.t.issues.add(index, { ...fitted.refused, severity: 'warning', message: `${fitted.refused.message} It was skipped.` })
      return null
    }
    throw new ImportInputError(`Feature ${index}: ${fitted.refused.message}`)
  }

  private async flush(q: Queryable, batch: Pending[]): Promise<void> {
    const params: unknown[] = this.t.attributes.map((_, c) => batch.map((p) => p.values[c]))
    params.push(batch.map((p) => p.hex), batch.map((p) => p.index))
    const { rows } = await q.query<Repaired>(this.sql, params, { signal: this.t.signal })
    const repairedArea = new Map<number, number | null>()
    for (const r of rows) repairedArea.set(r.i, this.noteRepair(r))
    for (const p of batch) {
      const area = repairedArea.has(p.index) ? repairedArea.get(p.index)! : p.area
      if (area !== null) this.counts.areaCents += Math.round(area * 100)
      this.t.qa?.check(p.index, p.values, area)
    }
    this.counts.written += batch.length
    await this.t.onProgress(this.counts)
  }

  /** Report a repaired geometry; returns its official area after repair. */
  private noteRepair(r: Repaired): number | null {
    this.counts.repaired++
    if (r.emptied && (r.parts ?? 0) > 1) {
      throw new ImportInputError(`Feature ${r.i}: its geometry is invalid (${r.reason}); repairing it gives ${r.parts} parts, which the ${this.t.geometryType} layer ${this.t.layerId} cannot hold. Fix the feature, or replace the layer so it becomes Multi${this.t.geometryType}.`)
    }
    const action = r.emptied ? 'nothing was left after repair, so it was stored without geometry' : 'repaired with ST_MakeValid'
    this.t.issues.add(r.i, { code: r.emptied ? 'invalid_geometry_emptied' : 'invalid_geometry_repaired', message: `Invalid geometry (${r.reason}); ${action}.`, severity: 'warning' })
    return r.area === null ? null : Number(r.area)
  }
}
