import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../server/db/database.js'
import { openTestDatabase } from './helpers/test-db.js'

// Database.cursor: every row once, in order, in batches of at most batchSize; errors after rows
// already sent still reach the consumer; leaving early frees the connection. On PostGIS the rows
// arrive as the server sends them and the next FETCH is pipelined, so these are the cases to pin.

let db: Database

beforeAll(async () => {
  db = await openTestDatabase()
})
afterAll(async () => {
  await db?.close()
})

const SERIES = 'SELECT g AS n, repeat(\'地\', 200) AS pad FROM generate_series(1, $1::int) AS g ORDER BY g'

async function readAll(sql: string, params: unknown[], batchSize: number, maxRows?: number) {
  const sizes: number[] = []
  const values: number[] = []
  for await (const batch of db.cursor<{ n: number }>(sql, params, batchSize, { maxRows })) {
    sizes.push(batch.length)
    for (const row of batch) values.push(row.n)
  }
  return { sizes, values }
}

describe('Database.cursor', () => {
  it.each([
    ['through FETCHes, a partial last one', 2500, 1000, undefined],
    ['through FETCHes, an exact multiple', 3000, 1000, undefined],
    ['as one statement when maxRows fits a batch', 800, 1000, 801],
    ['with no rows', 0, 1000, undefined],
  ])('yields every row once and in order %s', async (_case, count, batchSize, maxRows) => {
    const { sizes, values } = await readAll(SERIES, [count], batchSize, maxRows)
    expect(values).toEqual(Array.from({ length: count }, (_, i) => i + 1))
    expect(Math.max(0, ...sizes)).toBeLessThanOrEqual(batchSize)
    expect(sizes.every((n) => n > 0)).toBe(true)
  })

  it('delivers the rows before a failing one, then throws the statement error', async () => {
    // Division by zero at row 2,300: two FETCHes of 1,000 succeed, the third fails mid-way.
    const sql = 'SELECT g AS n, 1 / (g - 2300) AS boom FROM generate_series(1, 5000) AS g'
    const seen: number[] = []
    const read = async () => {
      for await (const batch of db.cursor<{ n: number }>(sql, [], 1000)) for (const row of batch) seen.push(row.n)
    }
    await expect(read()).rejects.toThrow(/division by zero/)
    expect(seen.length).toBeGreaterThanOrEqual(2000)
    expect(seen.slice(0, 2000)).toEqual(Array.from({ length: 2000 }, (_, i) => i + 1))
  })

  it.each([
    ['through a cursor', undefined],
    ['as one statement', 10],
  ])('rejects a statement that cannot run (%s) and leaves the database usable', async (_case, maxRows) => {
    for (let i = 0; i < 12; i++) {
      await expect(readAll('SELECT no_such_column FROM generate_series(1, $1::int) AS g', [5], 1000, maxRows)).rejects.toThrow(/no_such_column/)
    }
    const { values } = await readAll(SERIES, [3], 1000)
    expect(values).toEqual([1, 2, 3])
  })

  it('frees its connection when the consumer leaves early, many times over', async () => {
    // More early exits than any pool has connections: a leaked one would hang this test.
    for (let i = 0; i < 25; i++) {
      for await (const batch of db.cursor<{ n: number }>(SERIES, [5000], 500)) {
        expect(batch[0]!.n).toBe(1)
        break
      }
    }
    const { rows } = await db.query<{ one: number }>('SELECT 1 AS one')
    expect(rows[0]!.one).toBe(1)
  })

  it('stops early when its signal aborts between batches (PostGIS throws, PGlite just ends)', async () => {
    const controller = new AbortController()
    let rows = 0
    const read = async () => {
      for await (const batch of db.cursor<{ n: number }>(SERIES, [20_000], 1000, { signal: controller.signal })) {
        rows += batch.length
        controller.abort(new Error('client went away'))
      }
    }
    await read().catch(() => undefined)
    expect(rows).toBeGreaterThan(0)
    expect(rows).toBeLessThan(20_000)
    const { rows: after } = await db.query<{ one: number }>('SELECT 1 AS one')
    expect(after[0]!.one).toBe(1)
  })
})
