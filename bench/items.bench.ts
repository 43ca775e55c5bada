import { listLayers } from '../server/catalog/catalog.repository.js'
import type { LayerEntry } from '../server/catalog/catalog.types.js'
import { buildFeatureQuery } from '../server/features/index.js'
import { HttpClient } from './lib/http-client.js'
import { figure, round, runConcurrent, type LoadResult } from './lib/measure.js'
import type { Bench, BenchContext, BenchServer, Figure } from './lib/types.js'

const PAGE_SIZES = [1000, 10_000]
const ALL = { clearance: 'confidential' as const }
const http = new HttpClient(2)

/** The layer with the most polygons: the heaviest pages (falls back to the largest layer). */
async function pickLayer(ctx: BenchContext): Promise<LayerEntry> {
  const layers = (await listLayers(ctx.db, ALL)).filter((l) => l.feature_count > 0).sort((a, b) => b.feature_count - a.feature_count)
  const layer = layers.find((l) => l.geometry_type.endsWith('Polygon')) ?? layers[0]
  if (!layer) throw new Error('the catalog has no layer with features')
  return layer
}

/** Page offsets spread over the layer, so neither side reads the same rows from a warm cache every time. */
function offsets(layer: LayerEntry, size: number, count: number): number[] {
  const pages = Math.max(1, Math.floor(layer.feature_count / size))
  return Array.from({ length: count }, (_, i) => (i % pages) * size)
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

function add(a: LoadResult, b: LoadResult): LoadResult {
  const count = a.count + b.count
  const elapsedMs = a.elapsedMs + b.elapsedMs
  return { count, elapsedMs, perSecond: (count * 1000) / elapsedMs, medianMs: (a.medianMs + b.medianMs) / 2 }
}

async function pageFigure(ctx: BenchContext, server: BenchServer, layer: LayerEntry, size: number): Promise<Figure> {
  const list = offsets(layer, size, ctx.quick ? (size > 1000 ? 4 : 12) : size > 1000 ? 10 : 30)
  const sql = () => runConcurrent(list.length, 1, (i) => sqlPage(ctx, layer, size, list[i]!))
  const onemap = () => runConcurrent(list.length, 1, (i) => httpPage(server, layer, size, list[i]!))
  await sql()
  await onemap()
  // Baseline and OneMap alternate (B, O, O, B) so neither profits alone from a warmer machine.
  const b1 = await sql()
  const o1 = await onemap()
  const o2 = await onemap()
  const b2 = await sql()
  const [base, ours] = [add(b1, b2), add(o1, o2)]
  const bytes = await httpPage(server, layer, size, list[0]!)
  return figure({
    name: `items: ${size.toLocaleString('en')}-feature page`,
    onemap: { value: round(ours.elapsedMs / ours.count), unit: 'ms/page' },
    baseline: { value: round(base.elapsedMs / base.count), unit: 'ms/page', label: 'identical feature SQL run directly through pg' },
    better: 'lower',
    target: 0.9,
    notes: `${layer.id} (${layer.feature_count.toLocaleString('en')} ${layer.geometry_type}), ${ours.count} pages each side, one at a time; OneMap streams ~${round(bytes / 1e6)} MB per page over HTTP (uncompressed) from a cursor`,
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
