import { request } from 'node:http'
import type pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { getLayer } from '../server/catalog/catalog.repository.js'
import { layerTable } from '../server/catalog/sql-names.js'
import { PgDatabase } from '../server/db/pg-database.js'
import { NoTileCache } from '../server/tiles/tile-cache.js'
import { TileService } from '../server/tiles/tiles.service.js'
import { openTestApp, type TestApp } from './helpers/test-app.js'
import { uniqueLayerId } from './helpers/test-db.js'
import { createTileFixtures, tileAt, type TileFixtures } from './tiles.fixtures.js'

// Cancelling a running statement needs a database server; embedded PGlite runs statements to the end.
const onPostgis = Boolean(process.env.DATABASE_URL)

let t: TestApp
let f: TileFixtures
let base: string
beforeAll(async () => {
  if (!onPostgis) return
  t = await openTestApp({ TILE_CATALOG_TTL_MS: 0, TILE_CACHE_MAX_BYTES: 0 })
  f = await createTileFixtures(t.db, uniqueLayerId)
  base = await t.app.listen({ host: '127.0.0.1', port: 0 })
})
afterAll(async () => t?.close())

/** Hold an exclusive lock on a layer's table, so any tile query on it waits until released. */
async function lockLayer(layerId: string): Promise<pg.PoolClient> {
  const client = await (t.db as PgDatabase).pool.connect()
  await client.query('BEGIN')
  await client.query(`LOCK TABLE ${layerTable(layerId)} IN ACCESS EXCLUSIVE MODE`)
  return client
}

async function waitingTileQueries(layerId: string): Promise<number> {
  const { rows } = await t.db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND state = 'active' AND query LIKE $1`,
    [`%ST_AsMVT%${layerTable(layerId)}%`],
  )
  return rows[0]!.n
}

/** Poll until `check` holds; conditions, not durations, are what the test asserts. */
async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await check()) return
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error(`gave up waiting until ${what}`)
}

describe.runIf(onPostgis)('tile queries are bounded and cancellable (PostGIS)', () => {
  it('cancels the tile query on the server when the client goes away', async () => {
    const lock = await lockLayer(f.holes)
    try {
      const a = tileAt(106.35, 38.25, 11)
      const req = request(`${base}/tiles/${f.holes}/${a.z}/${a.x}/${a.y}.mvt`)
      req.on('error', () => undefined)
      req.end()
      await until(async () => (await waitingTileQueries(f.holes)) === 1, 'the tile query waits on the lock')
      req.destroy()
      await until(async () => (await waitingTileQueries(f.holes)) === 0, 'the tile query is cancelled')
    } finally {
      await lock.query('ROLLBACK')
      lock.release()
    }
  })

  it('stops a tile query at statement_timeout (SQLSTATE 57014, which the app answers with 503)', async () => {
    const db = new PgDatabase({ connectionString: process.env.DATABASE_URL!, statementTimeoutMs: 300 })
    const lock = await lockLayer(f.huge)
    try {
      const service = new TileService({ db, settings: t.config, cache: new NoTileCache() })
      const layer = await getLayer(t.db, f.huge, { clearance: 'confidential' })
      await expect(service.layerTile(layer, tileAt(106.45, 38.55, 9))).rejects.toMatchObject({ code: '57014' })
    } finally {
      await lock.query('ROLLBACK')
      lock.release()
      await db.close()
    }
  })
})
