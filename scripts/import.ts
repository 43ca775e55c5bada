/**
 * `npm run import -- <file> --layer <id> [--title T] [--title-en T] [--kind K] [--year Y] [--tier T]
 *   [--encoding E] [--srs EPSG:n] [--entry NAME] [--gcj02] [--replace|--append] [--json]`
 * Imports a zipped or loose shapefile, GeoJSON, GeoJSON sequence or GeoPackage table (--entry) into the database of DATABASE_URL
 * (or the embedded one; stop the server first, PGlite allows one process). Progress goes to stderr;
 * a failure prints its message and exits non-zero. Ctrl-C cancels: nothing is changed.
 */
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { parseArgs } from 'node:util'
import { loadConfig } from '../server/config/config.js'
import type { Database } from '../server/db/database.js'
import { openDatabase } from '../server/db/open-database.js'
import { migrate } from '../server/db/migrate.js'
import { ProblemError } from '../server/errors/problem.js'
import { parseImportRequest } from '../server/imports/import-request.js'
import type { ImportReport } from '../server/imports/import-report.js'
import { planImport } from '../server/imports/imports.service.js'
import { importJobHandler } from '../server/imports/imports.job.js'
import { removeWorkDir } from '../server/imports/import-pipeline.js'
import { JobRunner } from '../server/jobs/job-runner.js'
import { jobsRepository } from '../server/jobs/jobs.repository.js'

const say = (line: string) => process.stderr.write(`[import] ${line}\n`)
const n = (v: unknown) => Number(v ?? 0).toLocaleString('en')

function parse() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      layer: { type: 'string' }, title: { type: 'string' }, 'title-en': { type: 'string' }, kind: { type: 'string' }, year: { type: 'string' },
      tier: { type: 'string' }, encoding: { type: 'string' }, srs: { type: 'string' }, entry: { type: 'string' }, gcj02: { type: 'boolean' }, geometry: { type: 'string' },
      replace: { type: 'boolean' }, append: { type: 'boolean' }, json: { type: 'boolean' },
    },
  })
  if (positionals.length !== 1) throw new ProblemError(400, 'Usage', 'usage: npm run import -- <file.zip|file.shp|file.geojson|file.gpkg> --layer <id> [--replace|--append] [--srs EPSG:n] [--encoding gbk] …')
  return { file: positionals[0]!, json: values.json === true, request: parseImportRequest({ ...values, titleEn: values['title-en'] }) }
}

function summary(r: ImportReport): string[] {
  const lines = [`${r.layer}: ${n(r.features.written)} features written (${r.mode}), ${n(r.features.repaired)} repaired, ${n(r.features.nullGeometry)} without geometry; data version ${r.dataVersion}`]
  if (r.officialArea) lines.push(`official area ${n(r.officialArea.m2)} m² = ${n(r.officialArea.ha)} 公顷 = ${n(r.officialArea.mu)} 亩`)
  for (const q of r.qa ?? []) if (q.count > 0) lines.push(`QA ${q.rule} ${q.title}: ${n(q.count)}`)
  for (const [code, count] of Object.entries(r.issueCounts)) lines.push(`issue ${code}: ${n(count)}`)
  return [...lines, ...r.notes.map((note) => `note: ${note}`)]
}

async function run(db: Database, { file, json, request }: ReturnType<typeof parse>): Promise<number> {
  const config = loadConfig({ JOB_RUNNER: false })
  await migrate(db)
  const caller = { clearance: 'confidential' as const }
  const workDir = await mkdtemp(join(tmpdir(), 'onemap-import-'))
  let plan
  try {
    plan = await planImport(db, config, { path: file, originalName: basename(file), workDir }, request, caller)
  } catch (error) {
    await removeWorkDir(workDir)
    throw error
  }
  say(`${plan.files.format} ${plan.sourceGeometryType}, ${n(plan.featureCount)} features, encoding ${plan.encoding?.name ?? 'utf-8 (JSON)'} (${plan.encoding?.source ?? 'json'}), EPSG:${plan.crs.srid} (${plan.crs.source})`)
  for (const note of plan.notes) say(`note: ${note}`)
  const runner = new JobRunner(db, { concurrency: 1, pollMs: config.JOB_POLL_MS, heartbeatMs: config.JOB_HEARTBEAT_MS, staleMs: config.JOB_STALE_MS })
  const handler = importJobHandler(db, config)
  let lastLine = 0
  runner.register('import', {
    ...handler,
    run: (ctx) => handler.run({ ...ctx, progress: async (p, force) => {
      if (force || Date.now() - lastLine >= 1000) say(`${p.stage}: ${n(p.done)} / ${n(p.total)} (${p.percent}%)`)
      lastLine = Date.now()
      await ctx.progress(p, force)
    } }),
  })
  const job = await jobsRepository.insert(db, { kind: 'import', title: `Import ${basename(file)} → ${request.layer}`, params: { request, plan, caller, workDir, originalName: basename(file) }, running: { worker: runner.worker } })
  process.once('SIGINT', () => {
    say('cancelling (the import stops at its next batch and rolls back)…')
    void jobsRepository.cancel(db, job.id, 'Cancelled from the command line.')
    process.once('SIGINT', () => process.exit(130))
  })
  const done = await runner.execute(job)
  if (done?.state === 'succeeded') {
    const report = done.result as ImportReport
    for (const line of summary(report)) say(line)
    if (json) process.stdout.write(JSON.stringify(report, null, 2) + '\n')
    return 0
  }
  say(`${done?.state ?? 'failed'}: ${done?.error ?? 'the job ended without a result'}`)
  return done?.state === 'cancelled' ? 130 : 1
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error))

async function main(): Promise<void> {
  let args
  try {
    args = parse()
  } catch (error) {
    say(message(error))
    process.exitCode = 1
    return
  }
  const db = await openDatabase(loadConfig())
  try {
    process.exitCode = await run(db, args)
  } catch (error) {
    say(`failed: ${message(error)}`)
    process.exitCode = 1
  } finally {
    await db.close()
  }
}

await main()
