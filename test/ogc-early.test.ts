import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp } from '../server/app.js'
import { dropLayer, type LayerSpec } from '../server/catalog/layer-table.js'
import type { Database } from '../server/db/database.js'
import { createFixtureLayer } from './helpers/fixture-layer.js'
import { openTestDatabase, testConfig, uniqueLayerId } from './helpers/test-db.js'

// A GeoJSON page's query starts beside the catalog lookup, from the collection's previous catalog
// entry (server/ogc/early-page.ts). Whatever changed in between, the answer must be the one the
// fresh entry gives: these tests change the layer between two requests.

interface CursorLog {
  sql: string
  closed: boolean
}

let db: Database
let app: FastifyInstance
const cursors: CursorLog[] = []
const id = uniqueLayerId('ogc_early')

function point(i: number) {
  return JSON.stringify({ type: 'Point', coordinates: [106 + i * 0.01, 38] })
}

async function createLayer(attributes: LayerSpec['attributes'], rows: Record<string, unknown>[]) {
  const spec: LayerSpec = { id, title_zh: '早查询', title_en: 'Early page', kind: 'thematic', geometry_type: 'Point', attributes }
  await createFixtureLayer(db, spec, rows.map((properties, i) => ({ properties, geometry: point(i) })))
}

async function page() {
  const res = await app.inject({ method: 'GET', url: `/ogc/collections/${id}/items?limit=5` })
  return { status: res.statusCode, body: res.statusCode === 200 ? res.json() : undefined }
}

function layerCursors() {
  return cursors.filter((c) => c.sql.includes(`data."${id}"`))
}

beforeAll(async () => {
  db = await openTestDatabase()
  const recording = Object.create(db) as Database
  recording.cursor = async function* <R>(sql: string, ...rest: unknown[]) {
    const entry: CursorLog = { sql, closed: false }
    cursors.push(entry)
    try {
      yield* db.cursor<R>(sql, ...(rest as [unknown[], number]))
    } finally {
      entry.closed = true
    }
  } as Database['cursor']
  app = await buildApp({ config: testConfig(), db: recording })
  await createLayer([{ name: 'MC', type: 'text' }, { name: 'DJ', type: 'integer' }], [{ MC: '甲', DJ: 1 }, { MC: '乙', DJ: 2 }])
})
afterAll(async () => {
  await app?.close()
  await db.transaction((tx) => dropLayer(tx, id)).catch(() => undefined)
  await db?.close()
})

describe('items page started beside the catalog lookup', () => {
  it('serves a repeated request from the early query when the layer is unchanged, with new rows', async () => {
    expect((await page()).body.numberReturned).toBe(2)
    await db.query(`INSERT INTO data."${id}" ("MC", "DJ", geom) VALUES ('丙', 3, ST_SetSRID(ST_MakePoint(106.5, 38), 4490))`)
    cursors.length = 0
    const { body } = await page()
    expect(body.features.map((f: { properties: { MC: string } }) => f.properties.MC)).toEqual(['甲', '乙', '丙'])
    expect(layerCursors()).toHaveLength(1)
  })

  it('drops the early query when the layer was replaced with other columns, and answers from the new one', async () => {
    await page()
    await db.transaction((tx) => dropLayer(tx, id))
    await createLayer([{ name: 'MC', type: 'text' }, { name: 'BZ', type: 'text' }], [{ MC: '丁', BZ: '新' }])
    cursors.length = 0
    const { status, body } = await page()
    expect(status).toBe(200)
    expect(body.numberMatched).toBe(1)
    expect(body.features[0].properties).toEqual({ MC: '丁', BZ: '新' })
    // On PostGIS the early query (old columns) and the one the page was sent from; PGlite has no early query.
    expect(layerCursors()).toHaveLength(db.kind === 'postgis' ? 2 : 1)
    await expect.poll(() => layerCursors().every((c) => c.closed)).toBe(true)
  })

  it('answers 404, not an error, when the layer was dropped since the last request', async () => {
    await page()
    await db.transaction((tx) => dropLayer(tx, id))
    const { status } = await page()
    expect(status).toBe(404)
    await expect.poll(() => layerCursors().every((c) => c.closed)).toBe(true)
  })
})
