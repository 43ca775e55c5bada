import { request as httpRequest } from 'node:http'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp } from '../server/app.js'
import { createLayerTable, dropLayer, indexLayerTable, refreshLayerStats, registerLayer, type LayerSpec } from '../server/catalog/layer-table.js'
import { layerTable } from '../server/catalog/sql-names.js'
import type { Database, QueryOptions } from '../server/db/database.js'
import { openTestDatabase, testConfig, uniqueLayerId } from './helpers/test-db.js'

// Items responses must be written from cursor batches (never one big query result), stop pulling
// rows when the client stops reading, and close the cursor when the client goes away.

interface CursorLog {
  sql: string
  batchSize: number
  batches: number[]
  closed: boolean
  signal?: AbortSignal
}

/** The real database, with its cursor and query calls recorded (nothing is faked). */
function recordingDatabase(db: Database) {
  const cursors: CursorLog[] = []
  const queries: string[] = []
  const recording = Object.create(db) as Database
  recording.query = (sql: string, params?: unknown[], options?: QueryOptions) => {
    queries.push(sql)
    return db.query(sql, params, options)
  }
  recording.cursor = async function* <R>(sql: string, params?: unknown[], batchSize = 1000, options: QueryOptions = {}) {
    const entry: CursorLog = { sql, batchSize, batches: [], closed: false, signal: options.signal }
    cursors.push(entry)
    try {
      for await (const batch of db.cursor<R>(sql, params, batchSize, options)) {
        entry.batches.push(batch.length)
        yield batch
      }
    } finally {
      entry.closed = true
    }
  } as Database['cursor']
  return { recording, cursors, queries }
}

const COUNT = 12_000
let db: Database
let app: FastifyInstance
let log: ReturnType<typeof recordingDatabase>
let spec: LayerSpec
let wide: LayerSpec

beforeAll(async () => {
  db = await openTestDatabase()
  log = recordingDatabase(db)
  app = await buildApp({ config: testConfig({ ITEMS_MAX_LIMIT: 10_000 }), db: log.recording })
  spec = { id: uniqueLayerId('ogc_big'), title_zh: '大图层', title_en: 'Big layer', kind: 'thematic', geometry_type: 'Point', attributes: [{ name: 'N', type: 'integer' }, { name: 'PAD', type: 'text' }] }
  await db.transaction(async (tx) => {
    await createLayerTable(tx, spec)
    // About 3 kB per feature, so a 10,000-feature page (30 MB) cannot hide in socket buffers.
    await tx.query(`INSERT INTO ${layerTable(spec.id)} ("N", "PAD", geom) SELECT g, repeat('地', 1000), ST_SetSRID(ST_MakePoint(105 + (g % 100) * 0.01, 37 + (g / 100) * 0.01), 4490) FROM generate_series(1, $1::int) AS g`, [COUNT])
    await indexLayerTable(tx, spec.id)
    await registerLayer(tx, spec)
    await refreshLayerStats(tx, spec.id)
  })
  // One feature of 300 kB (UTF-8) between two small ones: it cannot fit one piece of the writer.
  wide = { ...spec, id: uniqueLayerId('ogc_huge'), title_en: 'Huge feature' }
  await db.transaction(async (tx) => {
    await createLayerTable(tx, wide)
    await tx.query(`INSERT INTO ${layerTable(wide.id)} ("N", "PAD", geom) SELECT g, repeat('界', CASE WHEN g = 2 THEN 100000 ELSE 3 END), ST_SetSRID(ST_MakePoint(105, 37), 4490) FROM generate_series(1, 3) AS g`)
    await registerLayer(tx, wide)
    await refreshLayerStats(tx, wide.id)
  })
})
afterAll(async () => {
  await app?.close()
  if (spec) await db.transaction((tx) => dropLayer(tx, spec.id))
  if (wide) await db.transaction((tx) => dropLayer(tx, wide.id))
  await db?.close()
})

function itemsCursors(): CursorLog[] {
  return log.cursors.filter((c) => c.sql.includes(`data."${spec.id}"`))
}

describe('streaming items', () => {
  it('writes a 10,000-feature page from cursor batches of at most 2,000 rows, never from one query result', async () => {
    log.cursors.length = 0
    log.queries.length = 0
    const res = await app.inject({ method: 'GET', url: `/ogc/collections/${spec.id}/items?limit=10000` })
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-length']).toBeUndefined()
    const body = res.json()
    expect(body.numberReturned).toBe(10_000)
    expect(body.features[9999].properties.N).toBe(10_000)
    expect(body.links.some((l: { rel: string }) => l.rel === 'next')).toBe(true)
    const [cursor] = itemsCursors()
    expect(cursor!.batchSize).toBeLessThanOrEqual(2000)
    expect(cursor!.batches.length).toBeGreaterThanOrEqual(5)
    expect(Math.max(...cursor!.batches)).toBeLessThanOrEqual(2000)
    expect(cursor!.closed).toBe(true)
    expect(log.queries.filter((sql) => sql.includes("'Feature'"))).toEqual([])
  })

  it('writes a feature larger than one 64 kB piece intact, between small ones', async () => {
    const res = await app.inject({ method: 'GET', url: `/ogc/collections/${wide.id}/items?limit=10` })
    expect(res.statusCode).toBe(200)
    const pads = res.json().features.map((f: { properties: { PAD: string } }) => f.properties.PAD)
    expect(pads.map((p: string) => p.length)).toEqual([3, 100_000, 3])
    expect(pads[1]).toBe('界'.repeat(100_000))
  })

  it('stops fetching when the client stops reading, and closes the cursor when the client goes away', async () => {
    log.cursors.length = 0
    await app.listen({ host: '127.0.0.1', port: 0 })
    const address = app.server.address()
    const port = typeof address === 'object' && address ? address.port : 0
    const firstChunk = await new Promise<number>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port, path: `/ogc/collections/${spec.id}/items?limit=10000` }, (res) => {
        res.once('data', (chunk: Buffer) => {
          res.pause()
          // Leave the rest unread for a moment: the server must not run ahead of the socket.
          setTimeout(() => {
            req.destroy()
            resolve(chunk.length)
          }, 1000)
        })
      })
      req.on('error', (error) => (error.message.includes('socket hang up') ? undefined : reject(error)))
      req.end()
    })
    expect(firstChunk).toBeGreaterThan(0)
    const cursor = itemsCursors()[0]!
    await expect.poll(() => cursor.closed, { timeout: 30_000 }).toBe(true)
    const fetched = cursor.batches.reduce((a, b) => a + b, 0)
    // The page is 10,001 rows (one extra to detect a next page); the unread socket stopped it well before.
    expect(fetched).toBeLessThan(9_000)
    expect(cursor.signal?.aborted).toBe(true)
  })
})
