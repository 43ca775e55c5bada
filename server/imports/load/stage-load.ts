import type { AttributeDef, GeometryType } from '../../catalog/catalog.types.js'
import type { Database } from '../../db/database.js'
import type { FeatureIssue, ImportPlan } from '../import.types.js'
import { ImportInputError } from '../import-errors.js'
import type { IssueLog } from '../import-report.js'
import type { SurveyQa } from '../qa/survey-qa.js'
import { BatchQueue } from './batch-queue.js'
import { LoadLedger, NULL_GEOMETRY, type LoadCounts } from './load-ledger.js'

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

/** A feature ready for batchInsertSql: values, EWKB hex in the source SRID, official area. */
export interface Pending {
  index: number
  values: unknown[]
  hex: string | null
  area: number | null
}

/** Let other work (HTTP requests on PGlite, whose queries settle as microtasks) run between batches. */
const yieldToEventLoop = () => new Promise((resolve) => setImmediate(resolve))

/**
 * What both load paths share: a producer reads and prepares features into batches, a bounded
 * queue hands them to `sessions` load sessions that store them; a failure on either side stops
 * everything (the sessions roll back). Memory stays at a few batches.
 */
export abstract class StageLoad<B, S> {
  readonly ledger: LoadLedger

  constructor(protected readonly t: LoadTarget, private readonly sessions: number) {
    this.ledger = new LoadLedger(t)
  }

  /** Read and prepare features, put them on the queue in batches; the queue is closed after. */
  protected abstract produce(queue: BatchQueue<B>): Promise<void>
  /** Open one load session for `fn`. */
  protected abstract session(fn: (s: S) => Promise<void>): Promise<void>
  /** Store one batch and settle it in the ledger. */
  protected abstract store(s: S, batch: B): Promise<void>

  async run(): Promise<LoadCounts> {
    const queue = new BatchQueue<B>(this.sessions)
    const produce = async () => {
      await this.produce(queue)
      this.t.signal.throwIfAborted()
      queue.close()
    }
    const work = [produce(), ...Array.from({ length: this.sessions }, () => this.session((s) => this.consume(s, queue)))]
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
    return this.ledger.counts
  }

  private async consume(s: S, queue: BatchQueue<B>): Promise<void> {
    for (let batch = await queue.take(); batch; batch = await queue.take()) {
      this.t.signal.throwIfAborted()
      await this.store(s, batch)
      await yieldToEventLoop()
    }
  }

  /** Counts a source feature; false (counted as skipped) for a deleted record. */
  protected readFeature(index: number, deleted: boolean, issues: FeatureIssue[]): boolean {
    this.ledger.counts.read++
    if (deleted) {
      this.ledger.counts.skippedDeleted++
      return false
    }
    for (const issue of issues) this.t.issues.add(index, issue)
    return true
  }

  protected nullGeometry(index: number): void {
    this.ledger.counts.nullGeometry++
    this.t.issues.add(index, NULL_GEOMETRY)
  }

  /** A geometry that cannot fit the layer: skipped (and reported) if the request chose a kind, else the import fails. */
  protected refused(refused: FeatureIssue, index: number): null {
    if (refused.code === 'wrong_geometry_type' && this.t.plan.request.geometry) {
      this.ledger.counts.skippedOtherKind++
      this.t.issues.add(index, { ...refused, severity: 'warning', message: `${refused.message} It was skipped.` })
      return null
    }
    throw new ImportInputError(`Feature ${index}: ${refused.message}`)
  }
}

