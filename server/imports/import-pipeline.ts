import { rm } from 'node:fs/promises'
import { basename } from 'node:path'
import { areaUnits } from '../area/area.service.js'
import type { Caller } from '../catalog/catalog.types.js'
import type { Config } from '../config/config.js'
import type { Database } from '../db/database.js'
import type { ImportPlan, ImportProgress } from './import.types.js'
import { ImportInputError } from './import-errors.js'
import { IssueLog, type ImportReport, type QaResult } from './import-report.js'
import { loadStage, type LoadCounts } from './load/loader.js'
import { publish } from './load/publish.js'
import { createStage, dropStage, indexStage, resetFidSequence, stageName } from './load/stage-table.js'
import { resolveTarget, type ImportTarget } from './load/target.js'
import { checkOverlaps } from './qa/overlaps.js'
import { SurveyQa } from './qa/survey-qa.js'

export type ImportSettings = Pick<Config, 'IMPORT_BATCH_SIZE' | 'IMPORT_LOAD_SESSIONS' | 'IMPORT_REPORT_MAX_ISSUES' | 'IMPORT_AREA_TOLERANCE_M2' | 'IMPORT_STATEMENT_TIMEOUT_MS'>

export interface ImportRun {
  db: Database
  plan: ImportPlan
  /** Names the staging table; the job id. */
  jobId: string
  caller: Caller
  settings: ImportSettings
  signal: AbortSignal
  progress(p: ImportProgress, force?: boolean): Promise<void>
}

function progressOf(stage: string, counts: Pick<LoadCounts, 'read' | 'written'>, total: number): ImportProgress {
  const done = stage === 'load' ? counts.written : total
  return { stage, done, total, percent: total > 0 ? Math.min(100, Math.floor((100 * done) / total)) : 100, read: counts.read, written: counts.written }
}

function checkGcj(plan: ImportPlan): void {
  if (plan.request.gcj02 && plan.crs.srid !== 4326 && plan.crs.srid !== 4490) {
    throw new ImportInputError(`The GCJ-02 correction applies to longitude/latitude data copied from internet maps, but this file is in EPSG:${plan.crs.srid}.`)
  }
}

/** The survey QA for a survey layer, or null for other kinds. */
function surveyQa(run: ImportRun, target: ImportTarget, issues: IssueLog): SurveyQa | null {
  if (run.plan.request.kind !== 'survey' && target.existing?.kind !== 'survey') return null
  return new SurveyQa(target.attributes.map((a) => a.name), run.settings.IMPORT_AREA_TOLERANCE_M2, (feature, rule, message) =>
    issues.add(feature, { code: rule.id, message, severity: rule.severity }))
}

/**
 * Run an inspected import: load into a staging table (validating and repairing geometry,
 * computing official areas and survey QA on the way), index it, and publish it in one
 * transaction. On failure or cancellation the staging table is dropped: the database is as before.
 */
export async function runImport(run: ImportRun): Promise<ImportReport> {
  const started = Date.now()
  const { db, plan, settings } = run
  checkGcj(plan)
  const target = await resolveTarget(db, plan, run.caller)
  const stage = stageName(run.jobId)
  const issues = new IssueLog(settings.IMPORT_REPORT_MAX_ISSUES)
  const qa = surveyQa(run, target, issues)
  const total = plan.featureCount
  await dropStage(db, stage)
  await createStage(db, stage, target.geometryType, target.attributes)
  try {
    await run.progress(progressOf('load', { read: 0, written: 0 }, total), true)
    const counts = await loadStage({
      db, plan, table: stage, attributes: target.attributes, geometryType: target.geometryType, layerId: plan.request.layer,
      batchSize: settings.IMPORT_BATCH_SIZE, sessions: settings.IMPORT_LOAD_SESSIONS, statementTimeoutMs: settings.IMPORT_STATEMENT_TIMEOUT_MS,
      signal: run.signal, issues, qa, onProgress: (c) => run.progress(progressOf('load', c, total)),
    })
    await resetFidSequence(db, stage)
    await run.progress(progressOf('index', counts, total), true)
    await indexStage(db, stage, settings.IMPORT_STATEMENT_TIMEOUT_MS)
    run.signal.throwIfAborted()
    const overlaps = qa && target.geometryType.includes('Polygon') && plan.request.mode !== 'append' ? await checkOverlaps(db, stage, settings.IMPORT_AREA_TOLERANCE_M2) : null
    run.signal.throwIfAborted()
    // The forced write also picks up a cancel request: one made before publishing always wins.
    await run.progress(progressOf('publish', counts, total), true)
    run.signal.throwIfAborted()
    const sourceName = basename(plan.files.main)
    const dataVersion = await publish({ db, request: plan.request, stage, attributes: target.attributes, geometryType: target.geometryType, existing: target.existing, sourceName, statementTimeoutMs: settings.IMPORT_STATEMENT_TIMEOUT_MS })
    const qaResults: QaResult[] | null = qa ? [...qa.results(), ...(overlaps ? [overlaps] : [])] : null
    return report(run, target, counts, issues, qaResults, [...(qa?.skipped ?? [])], dataVersion, started)
  } catch (error) {
    await dropStage(db, stage).catch(() => undefined)
    throw error
  }
}

function report(run: ImportRun, target: ImportTarget, c: LoadCounts, issues: IssueLog, qa: QaResult[] | null, qaNotes: string[], dataVersion: number, started: number): ImportReport {
  const { plan } = run
  return {
    layer: plan.request.layer,
    mode: plan.request.mode,
    format: plan.files.format,
    sourceGeometryType: plan.sourceGeometryType,
    geometryType: target.geometryType,
    encoding: plan.encoding,
    crs: { ...plan.crs, storedAs: 4490 },
    gcj02Corrected: plan.request.gcj02 === true,
    features: { read: c.read, written: c.written, skippedDeleted: c.skippedDeleted, skippedOtherKind: c.skippedOtherKind, nullGeometry: c.nullGeometry, repaired: c.repaired },
    officialArea: target.geometryType.includes('Polygon') ? areaUnits(c.areaCents / 100) : null,
    issueCounts: issues.counts,
    issues: issues.issues,
    issuesTruncated: issues.truncated,
    qa,
    notes: [...plan.notes, ...target.notes, ...qaNotes, ...(plan.request.gcj02 ? ['Coordinates were moved from GCJ-02 with an APPROXIMATE public formula (errors of a few metres remain).'] : [])],
    dataVersion,
    durationMs: Date.now() - started,
  }
}

/** Delete an import's scratch folder (extracted zip, upload). */
export async function removeWorkDir(dir: string | undefined): Promise<void> {
  if (dir) await rm(dir, { recursive: true, force: true })
}
