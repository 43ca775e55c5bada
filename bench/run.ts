/**
 * `npm run bench [-- --quick] [-- --only=tiles,items]`: every figure with its baseline measured in
 * the same run against the PostGIS in DATABASE_URL (the medium demo region is loaded first if the
 * catalog is empty). `--quick` measures the same data with about half the samples per figure.
 * Writes bench/results/latest.json and the table in docs/benchmarks.md. Benches are listed in
 * bench/registry.ts. `--reset-demo` drops OneMap's schemas in that database first and reloads the
 * demo (for a dedicated bench database only).
 */
import { availableParallelism } from 'node:os'
import { resolve } from 'node:path'
import { loadConfig, type Config } from '../server/config/config.js'
import { PgDatabase } from '../server/db/pg-database.js'
import { prepareDatabase } from '../server/startup.js'
import { BENCHES } from './registry.js'
import { writeJson, writeMarkdown, type BenchReport } from './lib/report.js'
import { startServer } from './lib/server.js'
import type { Bench, BenchContext } from './lib/types.js'

interface Args {
  quick: boolean
  only: string[]
  /** Drop OneMap's schemas in DATABASE_URL and load the demo afresh (destroys that database's layers). */
  resetDemo: boolean
}

function parseArgs(argv: string[]): Args {
  const only = argv.find((a) => a.startsWith('--only='))?.slice('--only='.length).split(',').filter(Boolean) ?? []
  return { quick: argv.includes('--quick'), only, resetDemo: argv.includes('--reset-demo') }
}

function openBenchDatabase(config: Config): PgDatabase {
  if (!config.DATABASE_URL) {
    throw new Error('npm run bench measures a PostGIS server: set DATABASE_URL (e.g. postgres://postgres@127.0.0.1/onemap_bench).')
  }
  return new PgDatabase({ connectionString: config.DATABASE_URL, statementTimeoutMs: config.STATEMENT_TIMEOUT_MS, maxConnections: 24 })
}

async function describeMachine(db: PgDatabase): Promise<BenchReport['machine']> {
  const { rows } = await db.query<{ pg: string; gis: string }>(`SELECT current_setting('server_version') AS pg, postgis_lib_version() AS gis`)
  return { cpus: availableParallelism(), node: process.version, postgres: `PostgreSQL ${rows[0]!.pg}`, postgis: rows[0]!.gis }
}

async function describeDataset(db: PgDatabase): Promise<string> {
  const { rows } = await db.query<{ n: number; f: number }>('SELECT count(*) AS n, coalesce(sum(feature_count), 0) AS f FROM onemap.layers')
  return `${rows[0]!.n} layers, ${rows[0]!.f.toLocaleString('en')} features`
}

async function loadBenches(only: string[]): Promise<Bench[]> {
  const benches = await Promise.all(BENCHES.map(async (load) => (await load()).default))
  return only.length ? benches.filter((b) => only.includes(b.name)) : benches
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2))
  const config = loadConfig({ DEMO_SCALE: 'medium', LOG_LEVEL: 'silent', DEMO_ON_EMPTY: true })
  const log = (line: string) => console.log(`[bench] ${line}`)
  const db = openBenchDatabase(config)
  try {
    if (args.resetDemo) await db.exec('DROP SCHEMA IF EXISTS data CASCADE; DROP SCHEMA IF EXISTS onemap CASCADE; DROP SCHEMA IF EXISTS pgboss CASCADE;')
    await prepareDatabase(db, config, log)
    const ctx: BenchContext = { db, config, quick: args.quick, log, startServer: (o, n) => startServer(config, o, n) }
    const report: BenchReport = {
      generatedAt: new Date().toISOString(),
      mode: args.quick ? 'quick' : 'full',
      machine: await describeMachine(db),
      dataset: await describeDataset(db),
      figures: [],
      failures: [],
    }
    for (const bench of await loadBenches(args.only)) {
      log(`${bench.name}: running`)
      try {
        const figures = await bench.run(ctx)
        for (const f of figures) log(`  ${f.name}: ${f.onemap.value} ${f.onemap.unit} vs ${f.baseline.value} ${f.baseline.unit} → ${f.speedup}× (target ${f.target})`)
        report.figures.push(...figures)
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error)
        log(`${bench.name} failed: ${message}`)
        report.failures.push({ bench: bench.name, error: message })
      }
    }
    writeJson(resolve('bench/results/latest.json'), report)
    writeMarkdown(resolve('docs/benchmarks.md'), report)
    log(`wrote bench/results/latest.json and docs/benchmarks.md (${report.figures.length} figures)`)
    if (report.failures.length) process.exitCode = 1
  } finally {
    await db.close()
  }
}

main().catch((error: unknown) => {
  console.error('[bench] failed:', error instanceof Error ? error.message : error)
  process.exit(1)
})
