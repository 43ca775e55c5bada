/** Jobs and import reports as the web client receives them (server/jobs/job-view.ts, server/imports/import-report.ts). */

export type JobState = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled'

/** An import's progress: the stage and features read/written (empty while the job is queued). */
export interface JobProgress {
  stage?: string
  done?: number
  total?: number
  percent?: number
  read?: number
  written?: number
}

export interface Job<Result = unknown> {
  id: string
  kind: string
  state: JobState
  title: string
  params: Record<string, unknown>
  progress: JobProgress
  result: Result | null
  /** Why the job failed or was cancelled, written for a person. */
  error: string | null
  cancelRequested: boolean
  links: { self: string; cancel?: string }
}

// The import report's shape is the server's own definition (type-only: nothing from server/ is bundled).
export type { Provenance } from '../../server/imports/import.types.js'
export type { ImportReport, QaResult, ReportIssue } from '../../server/imports/import-report.js'

/** Whether a job has reached a state it will never leave. */
export function isFinal(state: JobState): boolean {
  return state === 'succeeded' || state === 'failed' || state === 'cancelled'
}
