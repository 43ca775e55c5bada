import type { Config } from '../config/config.js'
import type { Database } from '../db/database.js'
import type { JobHandler } from '../jobs/job-runner.js'
import { runImport, removeWorkDir } from './import-pipeline.js'
import type { ImportJobParams } from './imports.service.js'
import { dropStage, stageName } from './load/stage-table.js'

/** What a client sees of an import job's params: the request and what inspection found (no server paths). */
export function publicImportParams(params: Record<string, unknown>) {
  const p = params as unknown as ImportJobParams
  const { plan } = p
  return {
    ...p.request,
    originalName: p.originalName,
    inspection: plan && {
      format: plan.files.format, encoding: plan.encoding, crs: plan.crs, geometryType: plan.geometryType, sourceGeometryType: plan.sourceGeometryType,
      featureCount: plan.featureCount, fields: plan.fields, notes: plan.notes,
    },
  }
}

/** The 'import' job kind: runs the pipeline; cleans up the staging table of a job whose server died. */
export function importJobHandler(db: Database, config: Config): JobHandler {
  return {
    async run({ job, signal, progress }) {
      const params = job.params as unknown as ImportJobParams
      try {
        return await runImport({ db, plan: params.plan, jobId: job.id, caller: params.caller, settings: config, signal, progress: (p, force) => progress({ ...p }, force) })
      } finally {
        await removeWorkDir(params.workDir)
      }
    },
    async recover(job) {
      await dropStage(db, stageName(job.id))
      await removeWorkDir((job.params as unknown as ImportJobParams).workDir)
    },
    publicParams: publicImportParams,
  }
}
