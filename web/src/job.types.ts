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

/** Where a decision about the file came from (.prj, .cpg, detection…). */
export type Provenance = 'option' | 'cpg' | 'ldid' | 'detected' | 'prj' | 'geojson' | 'default'

export interface ReportIssue {
  feature: number
  code: string
  message: string
  severity: 'info' | 'warning' | 'error'
}

export interface QaResult {
  rule: string
  title: string
  severity: 'info' | 'warning' | 'error'
  count: number
  sample: number[]
}

/** The result of a finished import job. */
export interface ImportReport {
  layer: string
  mode: string
  format: string
  sourceGeometryType: string
  geometryType: string
  encoding: { name: string; source: Provenance; note?: string } | null
  crs: { srid: number; source: Provenance; declaredName?: string; note?: string; storedAs: number }
  gcj02Corrected: boolean
  features: { read: number; written: number; skippedDeleted: number; skippedOtherKind: number; nullGeometry: number; repaired: number }
  officialArea: { m2: number; ha: number; mu: number } | null
  issueCounts: Record<string, number>
  issues: ReportIssue[]
  issuesTruncated: boolean
  qa: QaResult[] | null
  notes: string[]
  dataVersion: number | null
  durationMs: number
}

/** Whether a job has reached a state it will never leave. */
export function isFinal(state: JobState): boolean {
  return state === 'succeeded' || state === 'failed' || state === 'cancelled'
}
