import type { Caller } from '../catalog/catalog.types.js'
import type { Config } from '../config/config.js'
import type { Database } from '../db/database.js'
import type { JobRunner } from '../jobs/job-runner.js'
import { jobsRepository, type JobRow } from '../jobs/jobs.repository.js'
import { inspectSource } from './detect/inspect.js'
import type { ImportPlan, ImportRequest } from './import.types.js'
import { resolveTarget } from './load/target.js'

/** What an import job stores in onemap.jobs.params. */
export interface ImportJobParams {
  request: ImportRequest
  plan: ImportPlan
  caller: Caller
  /** The job's scratch folder (upload + extracted zip), deleted when the job ends. */
  workDir?: string
  originalName: string
}

/** Zip limits from the configuration. */
export function zipLimits(config: Pick<Config, 'IMPORT_ZIP_MAX_ENTRIES' | 'IMPORT_ZIP_MAX_BYTES' | 'IMPORT_ZIP_MAX_RATIO'>) {
  return { maxEntries: config.IMPORT_ZIP_MAX_ENTRIES, maxBytes: config.IMPORT_ZIP_MAX_BYTES, maxRatio: config.IMPORT_ZIP_MAX_RATIO }
}

/**
 * Inspect a file and check it against the catalog: every problem a person can fix (broken file,
 * unknown CRS, existing layer) is a 4xx here, before a job is queued.
 */
export async function planImport(db: Database, config: Config, input: { path: string; originalName: string; workDir: string }, request: ImportRequest, caller: Caller): Promise<ImportPlan> {
  const plan = await inspectSource({ ...input, zipLimits: zipLimits(config) }, request)
  await resolveTarget(db, plan, caller)
  return plan
}

/** Queue an inspected import and wake the runner. */
export async function enqueueImport(db: Database, runner: JobRunner, params: ImportJobParams): Promise<JobRow> {
  const title = `Import ${params.originalName} → ${params.request.layer}`
  const job = await jobsRepository.insert(db, { kind: 'import', title, params })
  runner.wake()
  return job
}
