import { VectorTile, type VectorTileFeature } from '@mapbox/vector-tile'
import { PbfReader } from 'pbf'
import { describe, expect, it } from 'vitest'
import { getLayer } from '../server/catalog/catalog.repository.js'
import { insertFeatures } from '../server/catalog/feature-writer.js'
import { refreshLayerStats } from '../server/catalog/layer-table.js'
import type { Database } from '../server/db/database.js'
import { MemoryTileCache, NoTileCache, RedisTileCache, type TileCache } from '../server/tiles/tile-cache.js'
import { TileCatalog } from '../server/tiles/tile-layers.js'
import { encodeLayer, type TileRow } from '../server/tiles/mvt-encoder.js'
import { TileService, layerTileQuery, makeEntry } from '../server/tiles/tiles.service.js'
import { TILE_TEST_CALLER, TILE_TEST_SETTINGS, useTileTestDatabase } from './helpers/tile-test-db.js'
import { uniqueLayerId } from './helpers/test-db.js'
import { POINT_ATTRIBUTES, tileAt, type TileFixtures } from './tiles.fixtures.js'

const REDIS_URL = 'redis://127.0.0.1:6379'
const settings = TILE_TEST_SETTINGS

let db: Database
let f: TileFixtures
useTileTestDatabase((d, fixtures) => {
  db = d
  f = fixtures
})

const layer = (id: string) => getLayer(db, id, TILE_TEST_CALLER)
const decodeLayer = (bytes: Buffer, name: string) => new VectorTile(new PbfReader(bytes)).layers[name]
const features = (bytes: Buffer, name: string): VectorTileFeature[] => {
  const l = decodeLayer(bytes, name)
  return l ? Array.from({ length: l.length }, (_, i) => l.feature(i)) : []
}

describe('the Node encoder (PGlite path) matches ST_AsMVT', () => {
  const tiles = [
    ['points', 106.245, 38.445, 11],
    ['points', 106.245, 38.445, 14],
    ['lines', 106.25, 38.31, 13],
    ['holes', 106.35, 38.25, 11],
    ['holes', 106.3, 38.25, 13],
    ['huge', 106.45, 38.55, 8],
    ['huge', 106.5, 38.55, 13],
  ] as const

  it.runIf(process.env.DATABASE_URL)('gives the same features, ids, properties and geometry types tile by tile', async () => {
    const sql = new TileService({ db, settings, cache: new NoTileCache(), encoder: 'mvt' })
    const node = new TileService({ db, settings, cache: new NoTileCache(), encoder: 'geojson' })
    for (const [key, lon, lat, z] of tiles) {
      const entry = await layer(f[key])
      const at = tileAt(lon, lat, z)
      const a = features((await sql.layerTile(entry, at)).mvt, entry.id)
      const b = features((await node.layerTile(entry, at)).mvt, entry.id)
      expect(b.length, `${key} z${z}`).toBe(a.length)
      expect(a.length).toBeGreaterThan(0)
      expect(b.map((x) => [x.id, x.type, x.properties])).toEqual(a.map((x) => [x.id, x.type, x.properties]))
      for (let i = 0; i < a.length; i++) {
        const ra = a[i]!.loadGeometry()
        const rb = b[i]!.loadGeometry()
        expect(rb.length, `${key} z${z} rings`).toBe(ra.length)
        const na = ra.reduce((s, r) => s + r.length, 0)
        const nb = rb.reduce((s, r) => s + r.length, 0)
        expect(Math.abs(na - nb), `${key} z${z} vertices ${na} vs ${nb}`).toBeLessThanOrEqual(Math.max(2, na * 0.1))
      }
    }
  })
})

describe('tile service', () => {
  it('caps the number of features per layer tile at TILE_MAX_FEATURES', async () => {
    const capped = new TileService({ db, settings: { ...settings, TILE_MAX_FEATURES: 10 }, cache: new NoTileCache() })
    const at = tileAt(106.245, 38.445, 10)
    expect(features((await capped.layerTile(await layer(f.points), at)).mvt, f.points)).toHaveLength(10)
  })

  it('makes low-zoom tiles of a big polygon smaller than the same statement unsimplified', async () => {
    const entry = await layer(f.huge)
    const encoder = db.hasMvt ? 'mvt' : 'geojson'
    const bytes = async (z: number, simplify: boolean) => {
      const q = layerTileQuery(entry, tileAt(106.45, 38.55, z), settings, encoder, simplify)
      const { rows } = await db.query<TileRow & { mvt: Buffer }>(q.sql, q.params)
      return encoder === 'mvt' ? rows[0]!.mvt.length : encodeLayer(entry.id, rows, ['LABEL'], 4096).length
    }
    for (const z of [7, 8, 9]) expect(await bytes(z, true), `zoom ${z}`).toBeLessThan(0.8 * (await bytes(z, false)))
  })

  it('does not start a query for a request that is already cancelled', async () => {
    const service = new TileService({ db, settings, cache: new NoTileCache() })
    const controller = new AbortController()
    controller.abort()
    await expect(service.layerTile(await layer(f.points), tileAt(106.245, 38.445, 10), controller.signal)).rejects.toThrow()
  })

  it('runs at most TILE_QUERY_CONCURRENCY tile statements at once; the others wait and get the same tiles', async () => {
    const asks = [[f.points, 106.245, 38.445, 10], [f.points, 106.245, 38.445, 12], [f.lines, 106.25, 38.31, 13], [f.holes, 106.35, 38.25, 11], [f.huge, 106.45, 38.55, 8], [f.huge, 106.5, 38.55, 13]] as const
    const entries = await Promise.all(asks.map(([id]) => layer(id)))
    const ask = (service: TileService) => Promise.all(asks.map(([, lon, lat, z], i) => service.layerTile(entries[i]!, tileAt(lon, lat, z))))
    const gated = new TileService({ db, settings, cache: new NoTileCache(), queryConcurrency: 1 })
    let settled = false
    const gatedTiles = ask(gated).finally(() => (settled = true))
    const seen = { running: 0, waiting: 0 }
    // Sampled between microtasks too: PGlite answers in-process and can finish every tile before a
    // macrotask runs; a macrotask now and then lets a PostGIS socket be read.
    for (let i = 0; !settled; i++) {
      const load = gated.queryLoad()
      seen.running = Math.max(seen.running, load.running)
      seen.waiting = Math.max(seen.waiting, load.waiting)
      await (i % 50 === 49 ? new Promise((resolve) => setImmediate(resolve)) : Promise.resolve())
    }
    expect(seen.running).toBe(1)
    expect(seen.waiting).toBeGreaterThanOrEqual(1)
    const free = await ask(new TileService({ db, settings, cache: new NoTileCache(), queryConcurrency: 8 }))
    expect((await gatedTiles).map((t) => t.mvt.length)).toEqual(free.map((t) => t.mvt.length))
    expect(free.every((t) => t.mvt.length > 0)).toBe(true)
  })

  it('shares tiles between instances through Redis and moves to new keys when the data changes', async () => {
    const prefix = `onemap-test:${uniqueLayerId('tiles')}:`
    const caches: TileCache[] = [new RedisTileCache(REDIS_URL, prefix), new RedisTileCache(REDIS_URL, prefix)]
    try {
      const [one, two] = caches.map((cache) => new TileService({ db, settings, cache }))
      const at = tileAt(106.245, 38.445, 10)
      const before = await one!.layerTile(await layer(f.points), at)
      const row = { properties: { NAME: 'redis' }, geometry: JSON.stringify({ type: 'Point', coordinates: [106.2555, 38.4555] }) }
      await insertFeatures(db, f.points, POINT_ATTRIBUTES, [row], { geometryType: 'Point' })
      // The second instance has never computed this tile: it gets the first one's bytes from Redis.
      const shared = await two!.layerTile(await layer(f.points), at)
      expect(shared.etag).toBe(before.etag)
      expect(shared.mvt.equals(before.mvt)).toBe(true)
      await refreshLayerStats(db, f.points)
      const after = await two!.layerTile(await layer(f.points), at)
      expect(after.etag).not.toBe(before.etag)
      expect(features(after.mvt, f.points).map((x) => x.properties.NAME)).toContain('redis')
    } finally {
      await Promise.all(caches.map((c) => c.close()))
    }
  })

  it('keeps serving tiles when Redis cannot be reached', async () => {
    const cache = new RedisTileCache('redis://127.0.0.1:1', `onemap-test:${uniqueLayerId('down')}:`)
    try {
      const service = new TileService({ db, settings, cache })
      const entry = await service.layerTile(await layer(f.holes), tileAt(106.35, 38.25, 11))
      expect(features(entry.mvt, f.holes)).toHaveLength(1)
    } finally {
      await cache.close()
    }
  })
})

describe('tile catalog reads', () => {
  it('reuses one read of the catalog for TILE_CATALOG_TTL_MS, then sees the new data_version', async () => {
    let clock = 0
    const catalog = new TileCatalog(db, 1000, () => clock)
    const [before] = await catalog.layerList(f.holes, TILE_TEST_CALLER)
    await refreshLayerStats(db, f.holes)
    clock = 999
    expect((await catalog.layerList(f.holes, TILE_TEST_CALLER))[0]!.data_version).toBe(before!.data_version)
    clock = 1000
    expect((await catalog.layerList(f.holes, TILE_TEST_CALLER))[0]!.data_version).toBe(before!.data_version + 1)
    expect((await catalog.group(f.group, TILE_TEST_CALLER)).map((l) => l.id)).toEqual([f.points, f.lines, f.holes, f.huge, f.empty])
  })

  it('reads the catalog on every request when the TTL is 0', async () => {
    const catalog = new TileCatalog(db, 0)
    const [before] = await catalog.layerList(f.huge, TILE_TEST_CALLER)
    await refreshLayerStats(db, f.huge)
    expect((await catalog.layerList(f.huge, TILE_TEST_CALLER))[0]!.data_version).toBe(before!.data_version + 1)
  })
})

describe('memory tile cache', () => {
  it('keeps the most recently used tiles within its byte budget', async () => {
    const entry = makeEntry(Buffer.alloc(2000, 7), 'gzip')
    expect(entry.gzip!.length).toBeGreaterThan(0)
    const size = 2000 + entry.gzip!.length + entry.etag.length + 64 + 2
    const cache = new MemoryTileCache(size * 4 + 10)
    for (const key of ['k1', 'k2', 'k3', 'k4']) await cache.set(key, entry)
    expect(await cache.get('k1')).toBeDefined()
    await cache.set('k5', entry)
    expect(await cache.get('k2')).toBeUndefined()
    expect(await cache.get('k1')).toBe(entry)
    expect(await cache.get('k5')).toBe(entry)
  })
})
