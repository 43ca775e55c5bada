import type { JobHandler } from './job-runner.js'
import type { JobRow } from './jobs.repository.js'

const iso = (v: unknown) => (v === null || v === undefined ? null : v instanceof Date ? v.toISOString() : new Date(String(v)).toISOString())

/** The public JSON shape of a job (documented in docs/jobs.md). */
export function presentJob(row: JobRow, handler?: JobHandler) {
  const active = row.state === 'queued' || row.state === 'running'
  return {
    id: row.id,
    kind: row.kind,
    state: row.state,
    title: row.title,
    params: handler?.publicParams?.(row.params) ?? {},
    progress: row.progress,
    result: row.result ?? null,
    error: row.error,
    cancelRequested: row.cancel_requested,
    createdAt: iso(row.created_at),
    startedAt: iso(row.started_at),
    finishedAt: iso(row.finished_at),
    updatedAt: iso(row.updated_at),
    links: { self: `/api/jobs/${row.id}`, ...(active ? { cancel: `/api/jobs/${row.id}/cancel` } : {}) },
  }
}

/** JSON schema of presentJob's output, for route responses. */
export const jobSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    kind: { type: 'string' },
    state: { type: 'string', enum: ['queued', 'running', 'succeeded', 'failed', 'cancelled'] },
    title: { type: 'string' },
    params: { type: 'object', additionalProperties: true },
    progress: { type: 'object', additionalProperties: true },
    result: { type: ['object', 'null'], additionalProperties: true },
    error: { type: ['string', 'null'] },
    cancelRequested: { type: 'boolean' },
    createdAt: { type: 'string' },
    startedAt: { type: ['string', 'null'] },
    finishedAt: { type: ['string', 'null'] },
    updatedAt: { type: 'string' },
    links: { type: 'object', additionalProperties: { type: 'string' } },
  },
} as const
