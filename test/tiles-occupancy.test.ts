import { describe, expect, it } from 'vitest'
import { getLayer } from '../server/catalog/catalog.repository.js'
import { insertFeatures } from '../server/catalog/feature-writer.js'
import { refreshLayerStats } from '../server/catalog/layer-table.js'
import type { Database } from '../server/db/database.js'
import { NoTileCache } from '../server/tiles/tile-cache.js'
import { TileOccupancy } from '../server/tiles/tile-occupancy.js'
import { TileService } from '../server/tiles/tiles.service.js'
import { TILE_TEST_CALLER, TILE_TEST_SETTINGS, useTileTestDatabase } from './helpers/tile-test-db.js'
import { pointLonLat, POINT_ATTRIBUTES, tileAt, tileCoords, type TileFixtures } from './tiles.fixtures.js'

const settings = TILE_TEST_SETTINGS
const margin = settings.TILE_BUFFER / settings.TILE_EXTENT

let db: Database
let f: TileFixtures
useTileTestDatabase((d, fixtures) => {
  db = d
  f = fixtures
})

const layer = (id: string) => getLayer(db, id, TILE_TEST_CALLER)
type Tile = { z: number; x: number; y: number }

/** Every tile at zoom z over the layer's extent, one tile more on each side. */
function tilesOver(extent: number[], z: number): Tile[] {
  const a = tileAt(extent[0]!, extent[3]!, z)
  const b = tileAt(extent[2]!, extent[1]!, z)
  const out: Tile[] = []
  for (let x = a.x - 1; x <= b.x + 1; x++) for (let y = a.y - 1; y <= b.y + 1; y++) out.push({ z, x, y })
  return out
}

/** Every `step`-th tile, so the deep zooms stay a few hundred queries. */
const every = <T>(items: T[], step: number) => items.filter((_, i) => i % step === 0)

describe('tile occupancy index', () => {
  it('answers only tiles the database would leave empty, for every fixture layer and zoom 10–17', async () => {
    const occupancy = new TileOccupancy(db, { maxCells: 1_000_000, margin })
    const fast = new TileService({ db, settings, cache: new NoTileCache(), occupancy })
    const plain = new TileService({ db, settings, cache: new NoTileCache() })
    let compared = 0
    for (const key of ['points', 'lines', 'holes', 'huge'] as const) {
      const entry = await layer(f[key])
      await fast.layerTile(entry, tileAt(entry.extent![0], entry.extent![1], 12))
      await occupancy.idle()
      expect(occupancy.indexOf(entry.id)?.zoom, key).toBe(16)
      for (let z = 10; z <= 17; z++) {
        const tiles = tilesOver(entry.extent!, z)
        for (const at of every(tiles, Math.ceil(tiles.length / 120))) {
          const [a, b] = [await fast.layerTile(entry, at), await plain.layerTile(entry, at)]
          expect(a.mvt.equals(b.mvt), `${key} ${z}/${at.x}/${at.y}`).toBe(true)
          compared++
        }
      }
    }
    expect(compared).toBeGreaterThan(1000)
  })

  it('answers the empty tiles between features without a query', async () => {
    // The fixture points lie 0.01° apart and a z17 tile is ≈ 0.0027° wide, so most tiles inside the
    // layer's extent are empty. The index (zoom 16 here) must know every empty z17 tile whose z16
    // cell, grown by the tile buffer, holds no point.
    const occupancy = new TileOccupancy(db, { maxCells: 1_000_000, margin })
    const fast = new TileService({ db, settings, cache: new NoTileCache(), occupancy })
    const entry = await layer(f.points)
    await fast.layerTile(entry, tileAt(entry.extent![0], entry.extent![1], 12))
    await occupancy.idle()
    const grow = margin + 0.001
    const nearPoint = (x: number, y: number) => Array.from({ length: 100 }, (_, i) => tileCoords(...pointLonLat(i), { z: 16, x: x >> 1, y: y >> 1 }, 1))
      .some(([u, v]) => u >= -grow && u <= 1 + grow && v >= -grow && v <= 1 + grow)
    const a = tileAt(entry.extent![0], entry.extent![3], 17)
    const b = tileAt(entry.extent![2], entry.extent![1], 17)
    let farFromPoints = 0
    for (let x = a.x; x <= b.x; x++) {
      for (let y = a.y; y <= b.y; y++) {
        if (nearPoint(x, y)) continue
        farFromPoints++
        expect((await fast.layerTile(entry, { z: 17, x, y })).mvt.length).toBe(0)
      }
    }
    expect(farFromPoints).toBeGreaterThan(100)
    expect(occupancy.skipped).toBe(farFromPoints)
  })

  it('is rebuilt for new data: a point added in an empty tile shows as soon as the data version moves', async () => {
    const occupancy = new TileOccupancy(db, { maxCells: 1_000_000, margin })
    const service = new TileService({ db, settings, cache: new NoTileCache(), occupancy })
    // Between fixture points 0 and 1 (0.01° apart): a z17 tile (≈ 0.0027°) with nothing in it or its buffer.
    const [lon, lat] = pointLonLat(0)
    const at = tileAt(lon + 0.005, lat + 0.005, 17)
    const before = await layer(f.points)
    await service.layerTile(before, at)
    await occupancy.idle()
    expect((await service.layerTile(before, at)).mvt.length).toBe(0)
    const skipped = occupancy.skipped
    expect(skipped).toBeGreaterThan(0)

    const row = { properties: { NAME: 'new', CODE: 7 }, geometry: JSON.stringify({ type: 'Point', coordinates: [lon + 0.005, lat + 0.005] }) }
    await insertFeatures(db, f.points, POINT_ATTRIBUTES, [row], { geometryType: 'Point' })
    await refreshLayerStats(db, f.points)
    const after = await layer(f.points)
    expect(after.data_version).toBeGreaterThan(before.data_version)
    expect((await service.layerTile(after, at)).mvt.length).toBeGreaterThan(0)
    await occupancy.idle()
    expect((await service.layerTile(after, at)).mvt.length).toBeGreaterThan(0)
    expect(occupancy.skipped).toBe(skipped)
  })

  it('builds a coarser index, or none, when the finest would exceed its cell budget', async () => {
    const entry = await layer(f.huge)
    const coarse = new TileOccupancy(db, { maxCells: 40, margin })
    const none = new TileOccupancy(db, { maxCells: 1, margin })
    for (const occupancy of [coarse, none]) {
      await new TileService({ db, settings, cache: new NoTileCache(), occupancy }).layerTile(entry, tileAt(106.45, 38.55, 12))
      await occupancy.idle()
    }
    const index = coarse.indexOf(entry.id)
    expect(index).toBeDefined()
    expect(index!.zoom).toBeLessThan(16)
    expect(index!.size).toBeLessThanOrEqual(40)
    expect(none.indexOf(entry.id)).toBeUndefined()
    // Without an index every tile is queried, and still right.
    const service = new TileService({ db, settings, cache: new NoTileCache(), occupancy: none })
    expect((await service.layerTile(entry, tileAt(106.45, 38.55, 14))).mvt.length).toBeGreaterThan(0)
    expect(none.skipped).toBe(0)
  })
})
