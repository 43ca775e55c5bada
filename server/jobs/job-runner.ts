import { hostname } from 'node:os'
import { randomUUID } from 'node:crypto'
import type { Database } from '../db/database.js'
import { ProblemError } from '../errors/problem.js'
import { jobsRepository as repo, type JobRow } from './jobs.repository.js'

/** What a handler gets while it runs a job. */
export interface JobContext {
  job: JobRow
  /** Aborted when the job is cancelled or the server shuts down; check it between batches. */
  signal: AbortSignal
  /** Persist progress (throttled); also refreshes the heartbeat and notices cancellation. */
  progress(progress: Record<string, unknown>, force?: boolean): Promise<void>
}

/** The code that runs one kind of job. */
export interface JobHandler {
  run(ctx: JobContext): Promise<unknown>
  /** Clean up after a job whose server died mid-way (e.g. drop a staging table). */
  recover?(job: JobRow): Promise<void>
  /** The part of `params` a client may see (no server paths). */
  publicParams?(params: Record<string, unknown>): unknown
}

export interface JobRunnerOptions {
  concurrency: number
  pollMs: number
  heartbeatMs: number
  staleMs: number
  log?: (level: 'info' | 'error', message: string, detail?: unknown) => void
}

export const CANCELLED = 'cancelled'
export const SHUTDOWN = 'shutdown'
const PROGRESS_EVERY_MS = 400
const DIED = 'The server running this job stopped before it finished (it was restarted or crashed); nothing was changed. Start the job again.'
const STOPPED = 'The server was shut down while this job ran; nothing was changed. Start the job again.'

/** Turn any error into a message for a person: domain messages as they are, others generic. */
export function failureMessage(error: unknown): string {
  if (error instanceof ProblemError) return error.message
  const code = (error as { code?: string }).code
  if (code === '22P02' || code === '22003' || code === '22007' || code === '22008') return `A value does not fit its column: ${(error as Error).message}. Check the file's attribute values.`
  if (code === '57014') return 'A step took longer than the statement timeout and was stopped; ask an administrator to raise IMPORT_STATEMENT_TIMEOUT_MS.'
  return 'The job failed because of an internal error; it has been logged. Nothing was changed.'
}

/**
 * Runs persisted jobs in this process: claims queued jobs of the kinds it has handlers for
 * (SELECT … FOR UPDATE SKIP LOCKED, so several instances can share the queue), keeps a heartbeat,
 * turns a cancel request into an abort, and on start marks jobs whose server died as failed.
 */
export class JobRunner {
  readonly worker = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`
  private readonly handlers = new Map<string, JobHandler>()
  private readonly running = new Map<string, AbortController>()
  private timer?: NodeJS.Timeout
  private polling = false
  private stopped = true

  constructor(private readonly db: Database, private readonly options: JobRunnerOptions) {
    if (options.heartbeatMs * 2 > options.staleMs) throw new Error(`JOB_STALE_MS (${options.staleMs}) must be at least twice JOB_HEARTBEAT_MS (${options.heartbeatMs}).`)
  }

  register(kind: string, handler: JobHandler): void {
    this.handlers.set(kind, handler)
  }

  handler(kind: string): JobHandler | undefined {
    return this.handlers.get(kind)
  }

  /** Recover jobs left running by a dead server, then start claiming queued jobs. */
  async start(): Promise<void> {
    // The embedded database has one process: a job marked running at start-up has no server left.
    await this.recoverStale(this.db.kind === 'pglite' ? 0 : this.options.staleMs)
    this.stopped = false
    this.timer = setInterval(() => void this.poll(), this.options.pollMs)
    this.timer.unref()
    void this.poll()
  }

  /** Look for work now (after a job was queued in this process). */
  wake(): void {
    if (!this.stopped) void this.poll()
  }

  /** Stop claiming; abort running jobs (they roll back) and wait for them to end. */
  async stop(): Promise<void> {
    this.stopped = true
    clearInterval(this.timer)
    for (const controller of this.running.values()) controller.abort(SHUTDOWN)
    while (this.running.size > 0 || this.polling) await new Promise((r) => setTimeout(r, 20))
  }

  /** Whether a job is running in this process. */
  isRunningHere(id: string): boolean {
    return this.running.has(id)
  }

  private async recoverStale(staleMs: number): Promise<void> {
    for (const job of await repo.failStale(this.db, staleMs, DIED, this.worker)) {
      this.options.log?.('info', `job ${job.id} (${job.kind}) was left running by a stopped server; marked failed`)
      await this.handlers.get(job.kind)?.recover?.(job).catch((error: unknown) => this.options.log?.('error', `cleaning up job ${job.id} failed`, error))
    }
  }

  private async poll(): Promise<void> {
    if (this.polling || this.stopped) return
    this.polling = true
    try {
      await this.recoverStale(this.options.staleMs)
      while (!this.stopped && this.running.size < this.options.concurrency) {
        const job = await repo.claim(this.db, this.worker, [...this.handlers.keys()])
        if (!job) break
        void this.execute(job)
      }
    } catch (error) {
      this.options.log?.('error', 'polling the job queue failed', error)
    } finally {
      this.polling = false
    }
  }

  /** Run a job claimed by (or created as running for) this worker to its final state. */
  async execute(job: JobRow): Promise<JobRow | undefined> {
    const controller = new AbortController()
    this.running.set(job.id, controller)
    const ticker = setInterval(() => void this.beat(job, controller), this.options.heartbeatMs)
    try {
      const result = await this.handlers.get(job.kind)!.run(this.context(job, controller))
      return await repo.finish(this.db, job.id, this.worker, { state: 'succeeded', result, progress: { stage: 'done', percent: 100 } })
    } catch (error) {
      return await this.finishFailed(job, controller.signal, error)
    } finally {
      clearInterval(ticker)
      this.running.delete(job.id)
      if (!this.stopped) void this.poll()
    }
  }

  private async finishFailed(job: JobRow, signal: AbortSignal, error: unknown): Promise<JobRow | undefined> {
    if (signal.aborted && signal.reason === CANCELLED) {
      return repo.finish(this.db, job.id, this.worker, { state: 'cancelled', error: 'Cancelled on request; nothing was changed.' })
    }
    const message = signal.aborted && signal.reason === SHUTDOWN ? STOPPED : failureMessage(error)
    if (!(error instanceof ProblemError) && !signal.aborted) this.options.log?.('error', `job ${job.id} (${job.kind}) failed`, error)
    return repo.finish(this.db, job.id, this.worker, { state: 'failed', error: message })
  }

  private context(job: JobRow, controller: AbortController): JobContext {
    let last = 0
    return {
      job,
      signal: controller.signal,
      progress: async (progress, force = false) => {
        const now = Date.now()
        if (!force && now - last < PROGRESS_EVERY_MS) return
        last = now
        const cancel = await repo.progress(this.db, job.id, this.worker, progress)
        if (cancel) controller.abort(CANCELLED)
      },
    }
  }

  private async beat(job: JobRow, controller: AbortController): Promise<void> {
    const cancel = await repo.heartbeat(this.db, job.id, this.worker).catch(() => false)
    if (cancel) controller.abort(CANCELLED)
  }
}
