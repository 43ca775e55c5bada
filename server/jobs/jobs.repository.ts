import type { Queryable } from '../db/database.js'
import { loadNamedSql } from './named-sql.js'

export const JOB_STATES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const
export type JobState = (typeof JOB_STATES)[number]

/** A row of onemap.jobs. */
export interface JobRow {
  id: string
  kind: string
  state: JobState
  title: string
  params: Record<string, unknown>
  progress: Record<string, unknown>
  result: unknown
  error: string | null
  cancel_requested: boolean
  worker: string | null
  heartbeat_at: string | null
  created_at: string
  started_at: string | null
  finished_at: string | null
  updated_at: string
}

const SQL = loadNamedSql(new URL('./jobs.sql', import.meta.url), ['insert', 'claim', 'progress', 'heartbeat', 'finish', 'cancel', 'get', 'list', 'remove', 'failStale'] as const)

/** Every statement on onemap.jobs, each a function of typed arguments. */
export const jobsRepository = {
  async insert(q: Queryable, job: { kind: string; title: string; params: unknown; running?: { worker: string } }): Promise<JobRow> {
    const { rows } = await q.query<JobRow>(SQL.insert, [job.kind, job.title, JSON.stringify(job.params), job.running ? 'running' : 'queued', job.running?.worker ?? null])
    return rows[0]!
  },

  async claim(q: Queryable, worker: string, kinds: string[]): Promise<JobRow | undefined> {
    return (await q.query<JobRow>(SQL.claim, [worker, kinds])).rows[0]
  },

  /** Store progress and refresh the heartbeat; returns whether someone asked to cancel (undefined: the job is no longer ours). */
  async progress(q: Queryable, id: string, worker: string, progress: unknown): Promise<boolean | undefined> {
    return (await q.query<{ cancel_requested: boolean }>(SQL.progress, [id, worker, JSON.stringify(progress)])).rows[0]?.cancel_requested
  },

  async heartbeat(q: Queryable, id: string, worker: string): Promise<boolean | undefined> {
    return (await q.query<{ cancel_requested: boolean }>(SQL.heartbeat, [id, worker])).rows[0]?.cancel_requested
  },

  async finish(q: Queryable, id: string, worker: string, outcome: { state: JobState; result?: unknown; error?: string; progress?: unknown }): Promise<JobRow | undefined> {
    const params = [id, worker, outcome.state, outcome.result === undefined ? null : JSON.stringify(outcome.result), outcome.error ?? null, JSON.stringify(outcome.progress ?? {})]
    return (await q.query<JobRow>(SQL.finish, params)).rows[0]
  },

  /** Queued jobs are cancelled at once; running ones are flagged and stop at their next batch. */
  async cancel(q: Queryable, id: string, message: string): Promise<JobRow | undefined> {
    return (await q.query<JobRow>(SQL.cancel, [id, message])).rows[0]
  },

  async get(q: Queryable, id: string): Promise<JobRow | undefined> {
    return (await q.query<JobRow>(SQL.get, [id])).rows[0]
  },

  async list(q: Queryable, filter: { state?: JobState; kind?: string; limit: number }): Promise<JobRow[]> {
    return (await q.query<JobRow>(SQL.list, [filter.state ?? null, filter.kind ?? null, filter.limit])).rows
  },

  async remove(q: Queryable, id: string): Promise<boolean> {
    return (await q.query(SQL.remove, [id])).rows.length > 0
  },

  /** Mark other workers' running jobs whose heartbeat is older than `staleMs` as failed; returns them. */
  async failStale(q: Queryable, staleMs: number, message: string, ownWorker: string): Promise<JobRow[]> {
    return (await q.query<JobRow>(SQL.failStale, [message, staleMs, ownWorker])).rows
  },
}
