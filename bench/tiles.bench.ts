import type pg from 'pg'
import { listLayers } from '../server/catalog/catalog.repository.js'
import { layerTable } from '../server/catalog/sql-names.js'
import type { LayerEntry } from '../server/catalog/catalog.types.js'
import { runTileStatement } from '../server/tiles/tile-query.js'
import { layerTileQuery, type TileSettings } from '../server/tiles/tiles.service.js'
import { HttpClient } from './lib/http-client.js'
import { figure, round, runConcurrent, type LoadResult } from './lib/measure.js'
import { sampleTiles, seededRandom, type TileJob } from './lib/tile-sample.js'
import type { Bench, BenchContext, BenchServer, Figure } from './lib/types.js'

const CONCURRENCY = 8
/**
 * OneMap instances behind the bench's client (BENCH_INSTANCES, default 1). On a 2-core machine shared
 * with PostGIS one instance measured faster than two.
 */
const INSTANCES = Number(process.env.BENCH_INSTANCES ?? 1)
const TILE_ZOOMS = [12, 13, 14, 15, 16]
/** Rounds of the uncached throughput figure: each side runs every tile twice, a fifth of them per round. */
const ROUNDS = 5
const LOW_ZOOMS = [7, 8, 9, 10, 11]
const ALL = { clearance: 'confidential' as const }
const http = new HttpClient(CONCURRENCY)

/** What MapLibre's requests carry in Chromium on an HTTPS site (OneMap is deployed behind HTTPS). */
const BROWSER_HEADERS = { 'accept-encoding': 'gzip, deflate, br, zstd' }

/** Fetch one tile from OneMap over HTTP as a browser would; anything but 200/204 fails the bench. */
async function fetchTile(server: BenchServer, job: TileJob, i: number): Promise<number> {
  const base = server.urls[i % server.urls.length]
  const res = await http.get(`${base}/tiles/${job.layer.id}/${job.at.z}/${job.at.x}/${job.at.y}.mvt`, BROWSER_HEADERS)
  if (res.status !== 200 && res.status !== 204) throw new Error(`tile ${job.layer.id} ${job.at.z}/${job.at.x}/${job.at.y}: HTTP ${res.status}`)
  return res.bytes
}

/** Run the identical tile statement through pg directly; returns the MVT size. */
async function sqlTile(pool: pg.Pool, settings: TileSettings, job: TileJob): Promise<number> {
  const q = layerTileQuery(job.layer, job.at, settings, 'mvt')
  const { rows } = await pool.query<{ mvt: Buffer | null }>(q.sql, q.params)
  return rows[0]?.mvt?.length ?? 0
}

/** A tile statement, simplified or not, run the way OneMap runs it (prepared); returns the MVT size. */
async function statementTile(ctx: BenchContext, job: TileJob, simplify: boolean): Promise<number> {
  const q = layerTileQuery(job.layer, job.at, ctx.config, 'mvt', simplify)
  const rows = await runTileStatement<{ mvt: Buffer | null }>(ctx.db, q.sql, q.params)
  return rows[0]?.mvt?.length ?? 0
}

function add(a: LoadResult, b: LoadResult): LoadResult {
  const count = a.count + b.count
  const elapsedMs = a.elapsedMs + b.elapsedMs
  return { count, elapsedMs, perSecond: (count * 1000) / elapsedMs, medianMs: (a.medianMs + b.medianMs) / 2 }
}

/**
 * Baseline and OneMap alternate round by round (B, O, O, B in each), so a change in the machine's
 * load during the run falls on both sides alike; more, shorter rounds cancel more of it.
 */
async function alternate(rounds: number, baseline: (round: number) => Promise<LoadResult>, onemap: (round: number) => Promise<LoadResult>): Promise<[LoadResult, LoadResult]> {
  let b: LoadResult | undefined
  let o: LoadResult | undefined
  const sum = (a: LoadResult | undefined, x: LoadResult) => (a ? add(a, x) : x)
  for (let r = 0; r < rounds; r++) {
    b = sum(b, await baseline(r))
    o = sum(o, await onemap(r))
    o = sum(o, await onemap(r))
    b = sum(b, await baseline(r))
  }
  return [b!, o!]
}

/** The jobs in a seeded random order, cut into `count` slices of (nearly) equal size, each spanning every zoom. */
function slices<T>(jobs: T[], count: number, seed: number): T[][] {
  const random = seededRandom(seed)
  const shuffled = jobs.map((job) => ({ job, key: random() })).sort((a, b) => a.key - b.key).map((x) => x.job)
  return Array.from({ length: count }, (_, i) => shuffled.slice(Math.floor((i * shuffled.length) / count), Math.floor(((i + 1) * shuffled.length) / count)))
}

/** Polygon layers with the most vertices per feature: the big-polygon case (at most three). */
async function bigPolygonLayers(ctx: BenchContext, layers: LayerEntry[]): Promise<LayerEntry[]> {
  const polygons = layers.filter((l) => l.geometry_type.endsWith('Polygon') && l.feature_count > 0 && l.feature_count < 5000)
  const scored = await Promise.all(polygons.map(async (l) => {
    const { rows } = await ctx.db.query<{ v: number }>(`SELECT avg(ST_NPoints(geom_3857))::float8 AS v FROM ${layerTable(l.id)}`)
    return { l, v: rows[0]!.v }
  }))
  return scored.filter((s) => s.v >= 200).sort((a, b) => b.v - a.v).slice(0, 3).map((s) => s.l)
}

/** JIT and connection warm-up: numbers taken from a cold server measure the compiler, not OneMap. */
async function warmUp(ctx: BenchContext, layers: LayerEntry[], server: BenchServer): Promise<void> {
  const jobs = sampleTiles(layers, TILE_ZOOMS, ctx.quick ? 300 : 600, 99)
  await runConcurrent(jobs.length, CONCURRENCY, (i) => fetchTile(server, jobs[i]!, i))
  await runConcurrent(jobs.length, CONCURRENCY, (i) => sqlTile(ctx.db.pool, ctx.config, jobs[i]!))
}

async function throughputFigures(ctx: BenchContext, layers: LayerEntry[]): Promise<Figure[]> {
  const settings = ctx.config
  const jobs = sampleTiles(layers, TILE_ZOOMS, ctx.quick ? 500 : 1000, 12)
  const uncached = await ctx.startServer({ TILE_CACHE_MAX_BYTES: 0, REDIS_URL: '' }, INSTANCES)
  const cached = await ctx.startServer({ TILE_CACHE_MAX_BYTES: 1 << 30, REDIS_URL: '' }, INSTANCES)
  try {
    await warmUp(ctx, layers, uncached)
    await warmUp(ctx, layers, cached)
    const rounds = slices(jobs, ROUNDS, 56)
    const [sql, http] = await alternate(
      ROUNDS,
      (r) => runConcurrent(rounds[r]!.length, CONCURRENCY, (i) => sqlTile(ctx.db.pool, settings, rounds[r]![i]!)),
      (r) => runConcurrent(rounds[r]!.length, CONCURRENCY, (i) => fetchTile(uncached, rounds[r]![i]!, i)),
    )
    await runConcurrent(jobs.length, CONCURRENCY, (i) => fetchTile(cached, jobs[i]!, i))
    const hit = await runConcurrent(jobs.length * 5, CONCURRENCY, (i) => fetchTile(cached, jobs[i % jobs.length]!, i % jobs.length))
    const label = `${jobs.length} tiles z${TILE_ZOOMS[0]}–z${TILE_ZOOMS.at(-1)} over ${layers.length} layers, concurrency ${CONCURRENCY}, ${ROUNDS} alternating rounds`
    return [
      figure({ name: 'tiles: uncached throughput z12–z16', onemap: { value: round(http.perSecond), unit: 'tiles/s' }, baseline: { value: round(sql.perSecond), unit: 'tiles/s', label: 'identical tile SQL run directly through pg' }, better: 'higher', target: 0.9, notes: label }),
      figure({ name: 'tiles: cached vs uncached throughput', onemap: { value: round(hit.perSecond), unit: 'tiles/s' }, baseline: { value: round(http.perSecond), unit: 'tiles/s', label: 'OneMap with the tile cache off' }, better: 'higher', target: 10, notes: label }),
    ]
  } finally {
    await uncached.close()
    await cached.close()
  }
}

/**
 * Simplification at low zoom on the big-polygon layers: OneMap's statement against the same statement
 * without simplification, both run the same way, so the figures show simplification alone.
 */
async function lowZoomFigures(ctx: BenchContext, layers: LayerEntry[]): Promise<Figure[]> {
  const big = await bigPolygonLayers(ctx, layers)
  if (big.length === 0) throw new Error('no big-polygon layer (≥ 200 vertices per feature) in the catalog')
  const jobs = sampleTiles(big, LOW_ZOOMS, ctx.quick ? 40 : 80, 34)
  const sizes = async (simplify: boolean) => (await Promise.all(jobs.map((j) => statementTile(ctx, j, simplify)))).reduce((a, b) => a + b, 0)
  const [simplified, unsimplified] = [await sizes(true), await sizes(false)]
  const rounds = ctx.quick ? 5 : 10
  const [plain, onemap] = await alternate(
    1,
    () => runConcurrent(jobs.length * rounds, CONCURRENCY, (i) => statementTile(ctx, jobs[i % jobs.length]!, false)),
    () => runConcurrent(jobs.length * rounds, CONCURRENCY, (i) => statementTile(ctx, jobs[i % jobs.length]!, true)),
  )
  const label = `${jobs.length} tiles z${LOW_ZOOMS[0]}–z${LOW_ZOOMS.at(-1)} of ${big.map((l) => l.id).join(', ')}`
  return [
    figure({ name: 'tiles: low-zoom big-polygon tile size', onemap: { value: round(simplified / jobs.length), unit: 'bytes/tile' }, baseline: { value: round(unsimplified / jobs.length), unit: 'bytes/tile', label: 'same SQL without simplification' }, better: 'lower', target: 1.5, notes: `${label}; uncompressed MVT` }),
    figure({ name: 'tiles: low-zoom big-polygon tile time', onemap: { value: round(onemap.elapsedMs / onemap.count, 3), unit: 'ms/tile' }, baseline: { value: round(plain.elapsedMs / plain.count, 3), unit: 'ms/tile', label: 'same SQL without simplification' }, better: 'lower', target: 1, notes: `${label}; statements run directly, concurrency ${CONCURRENCY}` }),
  ]
}

/** Vector tile figures: uncached throughput vs the raw SQL, cached vs uncached, simplification at low zoom. */
const tilesBench: Bench = {
  name: 'tiles',
  async run(ctx) {
    const layers = (await listLayers(ctx.db, ALL)).filter((l) => l.feature_count > 0)
    if (layers.length === 0) throw new Error('the catalog has no layer with features')
    return [...(await throughputFigures(ctx, layers)), ...(await lowZoomFigures(ctx, layers))]
  },
}

export default tilesBench
