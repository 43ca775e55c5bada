import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { VectorTile } from '@mapbox/vector-tile'
import { PbfReader } from 'pbf'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { insertFeatures } from '../server/catalog/feature-writer.js'
import { refreshLayerStats } from '../server/catalog/layer-table.js'
import { openTestApp, type TestApp } from './helpers/test-app.js'
import { uniqueLayerId } from './helpers/test-db.js'
import { createTileFixtures, pointLonLat, POINT_ATTRIBUTES, POINT_TILE_PROPERTIES, tileAt, tileCoords, type TileFixtures } from './tiles.fixtures.js'

let t: TestApp
let f: TileFixtures
beforeAll(async () => {
  // Read the catalog on every request, so a data change must show in the very next tile.
  t = await openTestApp({ TILE_CATALOG_TTL_MS: 0 })
  f = await createTileFixtures(t.db, uniqueLayerId)
})
afterAll(async () => t?.close())

type Tile = { z: number; x: number; y: number }
const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ url, headers })
const tileUrl = (layers: string, a: Tile) => `/tiles/${layers}/${a.z}/${a.x}/${a.y}.mvt`
const decode = (bytes: Buffer) => new VectorTile(new PbfReader(bytes))

async function fetchTile(layers: string, a: Tile) {
  const res = await get(tileUrl(layers, a))
  expect(res.statusCode).toBe(200)
  return decode(res.rawPayload)
}

/** How many fixture points fall in a tile grown by the buffer (64 of 4096 units). */
function expectedPoints(a: Tile): number {
  return Array.from({ length: 100 }, (_, i) => tileCoords(...pointLonLat(i), a)).filter(([x, y]) => x >= -64 && x <= 4160 && y >= -64 && y <= 4160).length
}

describe('vector tiles: features and properties per layer and zoom', () => {
  it('puts every point of the grid in its tile at each zoom, with only the tile properties, typed', async () => {
    for (const z of [8, 10, 13, 14, 15]) {
      const a = tileAt(106.245, 38.445, z)
      const expected = expectedPoints(a)
      expect(expected).toBeGreaterThan(0)
      const layer = (await fetchTile(f.points, a)).layers[f.points]!
      expect(layer.length, `zoom ${z}`).toBe(expected)
      expect(layer.extent).toBe(4096)
    }
    const layer = (await fetchTile(f.points, tileAt(106.245, 38.445, 10))).layers[f.points]!
    const features = Array.from({ length: layer.length }, (_, i) => layer.feature(i))
    for (const feature of features) expect(Object.keys(feature.properties).sort()).toEqual([...POINT_TILE_PROPERTIES].sort())
    const p7 = features.find((x) => x.properties.NAME === '点7')!
    expect(p7.properties).toEqual({ NAME: '点7', CODE: 7, FLAG: false, SCORE: 7.5, DAY: '2024-05-08', SEEN: '2024-05-08T09:00:00Z' })
    expect(p7.type).toBe(1)
    expect(typeof p7.id).toBe('number')
    const lonLat = (p7.toGeoJSON(tileAt(106.245, 38.445, 10).x, tileAt(106.245, 38.445, 10).y, 10).geometry as { coordinates: number[] }).coordinates
    expect(lonLat[0]).toBeCloseTo(106.27, 3)
    expect(lonLat[1]).toBeCloseTo(38.4, 3)
    expect(POINT_ATTRIBUTES.some((a) => a.name === 'SECRET')).toBe(true)
  })

  it('keeps a polygon hole as a hole, with exterior and hole wound as MVT requires', async () => {
    const a = tileAt(106.35, 38.25, 10)
    const layer = (await fetchTile(f.holes, a)).layers[f.holes]!
    expect(layer.length).toBe(1)
    const feature = layer.feature(0)
    expect(feature.type).toBe(3)
    const geojson = feature.toGeoJSON(a.x, a.y, a.z).geometry
    expect(geojson.type).toBe('Polygon')
    const rings = (geojson as { coordinates: number[][][] }).coordinates
    expect(rings).toHaveLength(2)
    const xs = rings[1]!.map((p) => p[0]!)
    expect(Math.min(...xs)).toBeCloseTo(106.33, 3)
    expect(Math.max(...xs)).toBeCloseTo(106.37, 3)
    expect(feature.properties).toEqual({ LABEL: 'ring' })
  })

  it('clips a polygon crossing tile borders to each tile plus its buffer', async () => {
    const z = 12
    const west = tileAt(106.3, 38.25, z)
    const tiles = [west, { ...west, x: west.x + 1 }]
    for (const a of tiles) {
      const feature = (await fetchTile(f.holes, a)).layers[f.holes]!.feature(0)
      for (const ring of feature.loadGeometry()) for (const p of ring) {
        expect(p.x).toBeGreaterThanOrEqual(-64)
        expect(p.x).toBeLessThanOrEqual(4160)
        expect(p.y).toBeGreaterThanOrEqual(-64)
        expect(p.y).toBeLessThanOrEqual(4160)
      }
    }
  })

  it('keeps the lines from min_zoom on, and answers 204 below it', async () => {
    expect((await get(tileUrl(f.lines, tileAt(106.25, 38.31, 11)))).statusCode).toBe(204)
    const a = tileAt(106.25, 38.31, 12)
    const layer = (await fetchTile(f.lines, a)).layers[f.lines]!
    expect(layer.length).toBe(5)
    expect(layer.feature(0).type).toBe(2)
    const kinds = Array.from({ length: 5 }, (_, i) => layer.feature(i).properties.KIND).sort()
    expect(kinds).toEqual(['road0', 'road1', 'road2', 'road3', 'road4'])
  })

  it('simplifies the big polygon at low zoom and keeps it one valid ring', async () => {
    const counts: number[] = []
    // At these zooms the whole polygon lies inside one tile, so vertex counts compare like for like.
    for (const z of [5, 7, 9]) {
      const feature = (await fetchTile(f.huge, tileAt(106.45, 38.55, z))).layers[f.huge]!.feature(0)
      const rings = feature.loadGeometry()
      expect(rings.length, `zoom ${z}`).toBe(1)
      counts.push(rings[0]!.length)
    }
    expect(counts[0]).toBeLessThan(counts[1]!)
    expect(counts[1]).toBeLessThan(counts[2]!)
    expect(counts[2]).toBeLessThan(20000 / 4)
  })
})

describe('vector tiles: several layers in one tile', () => {
  it('serves a comma list of layers as named MVT layers, in one response', async () => {
    const a = tileAt(106.3, 38.35, 9)
    const tile = await fetchTile(`${f.points},${f.holes},${f.huge}`, a)
    expect(Object.keys(tile.layers)).toEqual([f.points, f.holes, f.huge])
    expect(tile.layers[f.points]!.length).toBe(expectedPoints(a))
  })

  it('serves a catalog group, leaving out empty layers and those below their min_zoom', async () => {
    const a = tileAt(106.3, 38.35, 9)
    const res = await get(`/tiles/groups/${f.group}/${a.z}/${a.x}/${a.y}.mvt`)
    expect(res.statusCode).toBe(200)
    expect(Object.keys(decode(res.rawPayload).layers)).toEqual([f.points, f.holes, f.huge])
    const z12 = tileAt(106.25, 38.31, 12)
    const layers = decode((await get(`/tiles/groups/${f.group}/12/${z12.x}/${z12.y}.mvt`)).rawPayload).layers
    expect(layers[f.lines]!.length).toBe(5)
  })
})

describe('vector tiles: HTTP', () => {
  it('answers 204 for an empty layer and for a tile outside the data', async () => {
    expect((await get(tileUrl(f.empty, tileAt(106.45, 38.55, 8)))).statusCode).toBe(204)
    const far = await get(tileUrl(f.points, tileAt(10, 50, 10)))
    expect(far.statusCode).toBe(204)
    expect(far.rawPayload.length).toBe(0)
    expect(far.headers['cache-control']).toBe('public, no-cache')
  })

  it('gives a strong ETag and answers If-None-Match with 304', async () => {
    const url = tileUrl(f.points, tileAt(106.245, 38.445, 12))
    const first = await get(url)
    const etag = first.headers.etag as string
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{20,}"$/)
    expect(first.headers['cache-control']).toBe('public, no-cache')
    expect(first.headers['content-type']).toBe('application/vnd.mapbox-vector-tile')
    const again = await get(url, { 'if-none-match': etag })
    expect(again.statusCode).toBe(304)
    expect(again.rawPayload.length).toBe(0)
    expect(again.headers.etag).toBe(etag)
    expect((await get(url, { 'if-none-match': '"other"' })).statusCode).toBe(200)
  })

  it('sends gzip to clients that accept it, and the same bytes unzipped', async () => {
    const url = tileUrl(f.points, tileAt(106.245, 38.445, 10))
    const zipped = await get(url, { 'accept-encoding': 'gzip, deflate' })
    expect(zipped.headers['content-encoding']).toBe('gzip')
    const plain = await get(url, { 'accept-encoding': 'identity' })
    expect(plain.headers['content-encoding']).toBeUndefined()
    expect(gunzipSync(zipped.rawPayload).equals(plain.rawPayload)).toBe(true)
    // Two representations, two strong ETags; each revalidates on its own.
    expect(zipped.headers.etag).not.toBe(plain.headers.etag)
    expect((await get(url, { 'accept-encoding': 'gzip', 'if-none-match': zipped.headers.etag as string })).statusCode).toBe(304)
    expect((await get(url, { 'accept-encoding': 'identity', 'if-none-match': plain.headers.etag as string })).statusCode).toBe(304)
    expect((await get(url, { 'accept-encoding': 'identity', 'if-none-match': zipped.headers.etag as string })).statusCode).toBe(200)
    const tiny = await get(tileUrl(f.points, tileAt(106.2, 38.4, 16)), { 'accept-encoding': 'gzip' })
    expect(tiny.statusCode).toBe(200)
    expect(tiny.rawPayload.length).toBeLessThan(1024)
    expect(tiny.headers['content-encoding']).toBeUndefined()
    expect(decode(tiny.rawPayload).layers[f.points]!.length).toBe(1)
  })

  it('prefers Brotli where the client takes it (browsers over HTTPS), with its own ETag', async () => {
    const url = tileUrl(f.points, tileAt(106.245, 38.445, 10))
    const browser = await get(url, { 'accept-encoding': 'gzip, deflate, br, zstd' })
    expect(browser.headers['content-encoding']).toBe('br')
    expect(browser.headers.vary).toBe('Accept-Encoding')
    const plain = await get(url, { 'accept-encoding': 'identity' })
    expect(brotliDecompressSync(browser.rawPayload).equals(plain.rawPayload)).toBe(true)
    expect(browser.rawPayload.length).toBeLessThan(plain.rawPayload.length)
    const zipped = await get(url, { 'accept-encoding': 'gzip' })
    expect(new Set([browser.headers.etag, zipped.headers.etag, plain.headers.etag]).size).toBe(3)
    expect((await get(url, { 'accept-encoding': 'br', 'if-none-match': browser.headers.etag as string })).statusCode).toBe(304)
    expect((await get(url, { 'accept-encoding': 'gzip', 'if-none-match': browser.headers.etag as string })).statusCode).toBe(200)
    // q=0 refuses a coding; `*` stands for the ones not named.
    expect((await get(url, { 'accept-encoding': 'br;q=0, gzip' })).headers['content-encoding']).toBe('gzip')
    expect((await get(url, { 'accept-encoding': '*' })).headers['content-encoding']).toBe('br')
    expect((await get(url, { 'accept-encoding': 'br;q=0, gzip;q=0, *' })).headers['content-encoding']).toBeUndefined()
  })

  it('serves new data right after a change: the next tile differs and its ETag changes', async () => {
    const a = tileAt(106.245, 38.445, 10)
    const before = await get(tileUrl(f.points, a))
    const n = decode(before.rawPayload).layers[f.points]!.length
    const row = { properties: { NAME: 'new', CODE: 1000 }, geometry: JSON.stringify({ type: 'Point', coordinates: [106.255, 38.455] }) }
    await insertFeatures(t.db, f.points, POINT_ATTRIBUTES, [row], { geometryType: 'Point' })
    // Until the layer's data_version moves, the cached tile is what is served: the cache is really used.
    const stale = await get(tileUrl(f.points, a))
    expect(stale.headers.etag).toBe(before.headers.etag)
    await refreshLayerStats(t.db, f.points)
    const after = await get(tileUrl(f.points, a), { 'if-none-match': before.headers.etag as string })
    expect(after.statusCode).toBe(200)
    expect(after.headers.etag).not.toBe(before.headers.etag)
    const layer = decode(after.rawPayload).layers[f.points]!
    expect(layer.length).toBe(n + 1)
    expect(Array.from({ length: layer.length }, (_, i) => layer.feature(i).properties.NAME)).toContain('new')
  })

  it('follows a catalog edit of tile_properties at once, without new data', async () => {
    const a = tileAt(106.35, 38.25, 10)
    expect((await fetchTile(f.holes, a)).layers[f.holes]!.feature(0).properties).toEqual({ LABEL: 'ring' })
    await t.db.query(`UPDATE onemap.layers SET tile_properties = '{}' WHERE id = $1`, [f.holes])
    try {
      expect((await fetchTile(f.holes, a)).layers[f.holes]!.feature(0).properties).toEqual({})
    } finally {
      await t.db.query('UPDATE onemap.layers SET tile_properties = NULL WHERE id = $1', [f.holes])
    }
  })

  it('refuses bad addresses with 400 naming the problem, unknown layers and groups with 404', async () => {
    const cases: [string, number, RegExp][] = [
      [`/tiles/${f.points}/23/0/0.mvt`, 400, /Zoom 23 is above/],
      [`/tiles/${f.points}/3/8/0.mvt`, 400, /x 8 is outside zoom 3/],
      [`/tiles/${f.points}/3/0/9.mvt`, 400, /y 9 is outside zoom 3/],
      [`/tiles/${f.points}/a/0/0.mvt`, 400, /zoom "a" is not a whole number/],
      [`/tiles/${f.points}/3/0/0.png`, 400, /must end in \.mvt/],
      ['/tiles/no_such_layer/3/0/0.mvt', 404, /no layer "no_such_layer"/],
      [`/tiles/${f.points},nope/3/0/0.mvt`, 404, /no layer "nope"/],
      ['/tiles/groups/no_such_group/3/0/0.mvt', 404, /no layer group "no_such_group"/],
      ['/tiles/no_such_layer.json', 404, /no layer/],
    ]
    for (const [url, status, detail] of cases) {
      const res = await get(url)
      expect(res.statusCode, url).toBe(status)
      expect(res.headers['content-type']).toContain('application/problem+json')
      expect(res.json().detail).toMatch(detail)
      expect(res.headers['cache-control']).toBe('no-store')
    }
  })
})

describe('TileJSON 3.0', () => {
  it('describes one layer: tiles URL, bounds, zooms and field types', async () => {
    const res = await get(`/tiles/${f.points}.json`)
    expect(res.statusCode).toBe(200)
    const doc = res.json()
    expect(doc.tilejson).toBe('3.0.0')
    expect(doc.tiles).toEqual([`http://localhost:80/tiles/${f.points}/{z}/{x}/{y}.mvt`])
    expect(doc.bounds[0]).toBeCloseTo(106.2, 6)
    expect(doc.bounds[1]).toBeCloseTo(38.4, 6)
    expect(doc.bounds[2]).toBeCloseTo(106.29, 6)
    expect(doc.bounds[3]).toBeCloseTo(38.49, 6)
    expect(doc.minzoom).toBe(0)
    expect(doc.maxzoom).toBe(22)
    expect(doc.vector_layers).toEqual([{ id: f.points, description: `测试${f.points} / Test ${f.points}`, minzoom: 0, maxzoom: 22, fields: { NAME: 'String', CODE: 'Number', FLAG: 'Boolean', SCORE: 'Number', DAY: 'String', SEEN: 'String' } }])
  })

  it('describes a group and a layer list, with each layer and its min_zoom', async () => {
    const group = (await get(`/tiles/groups/${f.group}.json`)).json()
    expect(group.tiles[0]).toMatch(new RegExp(`/tiles/groups/${f.group}/\\{z\\}/\\{x\\}/\\{y\\}\\.mvt$`))
    expect(group.vector_layers.map((l: { id: string }) => l.id)).toEqual([f.points, f.lines, f.holes, f.huge, f.empty])
    expect(group.vector_layers[1].minzoom).toBe(12)
    expect(group.vector_layers[1].fields).toEqual({ KIND: 'String' })
    const list = (await get(`/tiles/${f.huge},${f.points}.json`)).json()
    expect(list.tiles[0]).toMatch(new RegExp(`/tiles/${f.huge},${f.points}/\\{z\\}/\\{x\\}/\\{y\\}\\.mvt$`))
    expect(list.bounds[3]).toBeGreaterThan(38.58)
  })
})
