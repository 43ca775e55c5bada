import { execFile } from 'node:child_process'
import { createWriteStream, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs'
import { once } from 'node:events'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { dropLayer } from '../server/catalog/layer-table.js'
import { planImport } from '../server/imports/imports.service.js'
import { importJobHandler } from '../server/imports/imports.job.js'
import type { ImportReport } from '../server/imports/import-report.js'
import { JobRunner } from '../server/jobs/job-runner.js'
import { jobsRepository } from '../server/jobs/jobs.repository.js'
import { figure, round, timeMs } from './lib/measure.js'
import type { Bench, BenchContext } from './lib/types.js'

const run = promisify(execFile)
const CLASSES = [['0101', '水田'], ['0102', '水浇地'], ['0103', '旱地'], ['0201', '果园'], ['0301', '乔木林地'], ['0404', '其他草地'], ['0702', '农村宅基地'], ['1006', '农村道路'], ['1107', '沟渠'], ['1203', '田坎']]

/** One irregular polygon of 6–13 vertices per grid cell around 105–107°E, 36–38°N, with DLTB-like attributes. */
function feature(i: number, side: number): string {
  const col = i % side, row = Math.floor(i / side)
  const step = 2 / side, cx = 105 + (col + 0.5) * step, cy = 36 + (row + 0.5) * step
  const k = 6 + (i % 8), ring: number[][] = []
  for (let j = 0; j < k; j++) {
    const a = (2 * Math.PI * j) / k, r = step * (0.3 + 0.12 * Math.sin(i * 7.3 + j * 1.9))
    ring.push([Math.round((cx + r * Math.cos(a)) * 1e7) / 1e7, Math.round((cy + r * Math.sin(a)) * 1e7) / 1e7])
  }
  ring.push(ring[0]!)
  const [dlbm, dlmc] = CLASSES[i % CLASSES.length]!
  const properties = { BSM: String(640000000000 + i), DLBM: dlbm, DLMC: dlmc, QSDWMC: `第${row % 50}村民小组`, ZLDWMC: '宁夏回族自治区某县某乡', TBMJ: 1000 + (i % 997) }
  return JSON.stringify({ type: 'Feature', properties, geometry: { type: 'Polygon', coordinates: [ring] } })
}

/** A GBK shapefile in CGCS2000 3° zone 35 with the zone prefix (EPSG:4523), made once per size by ogr2ogr. */
async function shapefile(n: number, log: (line: string) => void): Promise<string> {
  const dir = join(tmpdir(), `onemap-bench-import-v1-${n}`)
  const shp = join(dir, 'dltb.shp')
  if (existsSync(shp)) return shp
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
  log(`  generating ${n.toLocaleString('en')} polygons`)
  const seq = join(dir, 'dltb.geojsonl')
  const out = createWriteStream(seq)
  const side = Math.ceil(Math.sqrt(n))
  for (let i = 0; i < n; i++) if (!out.write(feature(i, side) + '\n')) await once(out, 'drain')
  out.end()
  await once(out, 'finish')
  const tmp = join(dir, 'tmp')
  await run('ogr2ogr', ['-f', 'ESRI Shapefile', tmp, seq, '-nln', 'dltb', '-s_srs', 'EPSG:4490', '-t_srs', 'EPSG:4523', '-lco', 'ENCODING=CP936'], { maxBuffer: 16 << 20 })
  for (const ext of ['shp', 'shx', 'dbf', 'prj', 'cpg']) renameSync(join(tmp, `dltb.${ext}`), join(dir, `dltb.${ext}`))
  rmSync(tmp, { recursive: true, force: true })
  rmSync(seq)
  return shp
}

/** DATABASE_URL as a libpq keyword string (GDAL appends options to it, which a URL does not survive). */
function connInfo(url: string): string {
  const u = new URL(url)
  const parts = { host: u.hostname, port: u.port, user: decodeURIComponent(u.username), password: decodeURIComponent(u.password), dbname: u.pathname.slice(1) }
  return Object.entries(parts).filter(([, v]) => v).map(([k, v]) => `${k}='${v.replace(/'/g, "\\'")}'`).join(' ')
}

/** The same file loaded by ogr2ogr into the same database (COPY, GiST index; no reprojection, validation or areas). */
async function ogr2ogr(ctx: BenchContext, shp: string, table: string): Promise<number> {
  const { ms } = await timeMs(() => run('ogr2ogr', ['-f', 'PostgreSQL', `PG:${connInfo(ctx.config.DATABASE_URL)}`, shp, '-nln', table, '-overwrite', '-lco', 'GEOMETRY_NAME=geom'], { maxBuffer: 16 << 20 }))
  await ctx.db.exec(`DROP TABLE IF EXISTS public.${table}`)
  return ms
}

/** OneMap's import of the file, as `npm run import` runs it: inspect, stage, validate/repair, official areas, index, publish. */
async function onemap(ctx: BenchContext, shp: string, layer: string): Promise<{ ms: number; report: ImportReport; peakRss: number }> {
  const { db, config } = ctx
  const runner = new JobRunner(db, { concurrency: 1, pollMs: config.JOB_POLL_MS, heartbeatMs: config.JOB_HEARTBEAT_MS, staleMs: config.JOB_STALE_MS })
  runner.register('import', importJobHandler(db, config))
  let peakRss = 0
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100)
  try {
    const { ms, value } = await timeMs(async () => {
      const caller = { clearance: 'confidential' as const }
      const request = { layer, mode: 'create' as const, kind: 'thematic' as const }
      const plan = await planImport(db, config, { path: shp, originalName: 'dltb.shp', workDir: join(tmpdir(), `onemap-bench-work-${process.pid}`) }, request, caller)
      const job = await jobsRepository.insert(db, { kind: 'import', title: 'bench', params: { request, plan, caller, originalName: 'dltb.shp' }, running: { worker: runner.worker } })
      return runner.execute(job)
    })
    if (value?.state !== 'succeeded') throw new Error(`the OneMap import ${value?.state}: ${value?.error}`)
    return { ms, report: value.result as ImportReport, peakRss }
  } finally {
    clearInterval(sampler)
    await db.transaction((tx) => dropLayer(tx, layer))
  }
}

/** Import figure: a large GBK Gauss-Krüger shapefile, OneMap against ogr2ogr into the same PostGIS. */
const importBench: Bench = {
  name: 'import',
  async run(ctx) {
    const n = 1_000_000
    const shp = await shapefile(n, ctx.log)
    const baselineMs = await ogr2ogr(ctx, shp, 'bench_import_ogr2ogr')
    const { ms, report, peakRss } = await onemap(ctx, shp, 'bench_import_onemap')
    return [figure({
      name: `import: ${n.toLocaleString('en')}-polygon GBK shapefile, EPSG:4523 → 4490`,
      onemap: { value: round(ms / 1000), unit: 's' },
      baseline: { value: round(baselineMs / 1000), unit: 's', label: 'ogr2ogr -f PostgreSQL (no reprojection, validation or areas)' },
      better: 'lower',
      target: 0.67,
      notes: `OneMap transforms to EPSG:4490 (+3857 copy), validates every geometry (${report.features.repaired} repaired), computes official areas (${report.officialArea?.m2.toLocaleString('en')} m²) and indexes both geometry columns; ${Math.round((n * 1000) / ms).toLocaleString('en')} features/s; peak RSS of the process ${Math.round(peakRss / 1048576)} MiB.`,
    })]
  },
}

export default importBench
