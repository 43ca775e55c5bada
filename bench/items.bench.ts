import { availableParallelism, loadavg } from 'node:os'
import { listLayers } from '../server/catalog/catalog.repository.js'
import type { LayerEntry } from '../server/catalog/catalog.types.js'
import { buildFeatureQuery } from '../server/features/index.js'
import { HttpClient } from './lib/http-client.js'
import { figure, median, round } from './lib/measure.js'
import type { Bench, BenchContext, BenchServer, Figure } from './lib/types.js'

const PAGE_SIZES = [1000, 10_000]
/** Pages each side reads before the measured ones. */
const WARM_UP_PAGES = 5
const ALL = { clearance: 'confidential' as const }
const http = new HttpClient(2)

/** The layer with the most polygons: the heaviest pages (falls back to the largest layer). */
async function pickLayer(ctx: BenchContext): Promise<LayerEntry> {
  const layers = (await listLayers(ctx.db, ALL)).filter((l) => l.feature_count > 0).sort((a, b) => b.feature_count - a.feature_count)
  const layer = layers.find((l) => l.geometry_type.endsWith('Polygon')) ?? layers[0]
  if (!layer) throw new Error('the catalog has no layer with features')
  return layer
}

/**
 * Page offsets spread over the layer, so neither side reads the same rows from a warm cache every
 * time: every `stride`-th of the first pages (a larger stride reads fewer pages from the same range).
 */
function offsets(layer: LayerEntry, size: number, count: number, stride = 1): number[] {
  const pages = Math.max(1, Math.floor(layer.feature_count / size))
  return Array.from({ length: count }, (_, i) => ((i * stride) % pages) * size)
}

/** One items page over HTTP, read to the end without compression (what the SQL baseline also skips). */
async function httpPage(server: BenchServer, layer: LayerEntry, size: number, offset: number): Promise<number> {
  const res = await http.get(`${server.url}/ogc/collections/${layer.id}/items?limit=${size}&offset=${offset}`, { accept: 'application/geo+json' })
  if (res.status !== 200) throw new Error(`items ${layer.id} limit=${size} offset=${offset}: HTTP ${res.status}`)
  return res.bytes
}

/** The identical statement OneMap streams (one row more than the page, to find the next link), run directly through pg. */
async function sqlPage(ctx: BenchContext, layer: LayerEntry, size: number, offset: number): Promise<number> {
  const q = buildFeatureQuery(layer, { limit: size + 1, offset })
  const { rows } = await ctx.db.pool.query<{ feature: string }>(q.sql, q.params)
  return rows.length
}

/** Time one call in milliseconds. */
async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now()
  await fn()
  return performance.now() - t0
}

/**
 * Per page, baseline and OneMap alternate (B, O, then O, B on the next page), so that a busy or
 * quiet moment of the machine falls on both sides; the figure is the median page time of each.
 */
async function pageFigure(ctx: BenchContext, server: BenchServer, layer: LayerEntry, size: number): Promise<Figure> {
  const count = size > 1000 ? 20 : 60
  // --quick reads every other one of the same pages: half the samples, the same page costs.
  const spread = ctx.quick ? offsets(layer, size, count / 2, 2) : offsets(layer, size, count)
  // Each page twice (a second pass over the same offsets): the medians are of twice the samples
  // without changing which pages are read.
  const list = [...spread, ...spread]
  // Warm-up, as for tiles: a fresh server's first pages measure the JIT compiler, not OneMap.
  for (const offset of spread.slice(0, WARM_UP_PAGES)) {
    await sqlPage(ctx, layer, size, offset)
    await httpPage(server, layer, size, offset)
  }
  const sql: number[] = []
  const ours: number[] = []
  for (const [i, offset] of list.entries()) {
    const b = () => timed(() => sqlPage(ctx, layer, size, offset)).then((ms) => sql.push(ms))
    const o = () => timed(() => httpPage(server, layer, size, offset)).then((ms) => ours.push(ms))
    if (i % 2) await o().then(b)
    else await b().then(o)
  }
  const bytes = await httpPage(server, layer, size, list[0]!)
  return figure({
    name: `items: ${size.toLocaleString('en')}-feature page`,
    onemap: { value: round(median(ours)), unit: 'ms/page' },
    baseline: { value: round(median(sql)), unit: 'ms/page', label: 'identical feature SQL run directly through pg' },
    better: 'lower',
    target: 0.9,
    notes: `${layer.id} (${layer.feature_count.toLocaleString('en')} ${layer.geometry_type}), median of ${ours.length} pages each side, one request at a time; OneMap streams ~${round(bytes / 1e6)} MB per page over HTTP (uncompressed) from a cursor; load average at the end ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores`,
  })
}

/** OGC API Features items pages against the same SQL run directly (target ≥ 0.9). */
const itemsBench: Bench = {
  name: 'items',
  async run(ctx) {
    const layer = await pickLayer(ctx)
    const server = await ctx.startServer({ ITEMS_MAX_LIMIT: Math.max(...PAGE_SIZES) })
    try {
      const figures: Figure[] = []
      for (const size of PAGE_SIZES) figures.push(await pageFigure(ctx, server, layer, size))
      return figures
    } finally {
      await server.close()
    }
  },
}

export default itemsBench
