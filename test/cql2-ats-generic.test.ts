import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AttributeType } from '../server/catalog/catalog.types.js'
import { parseCql2Text } from '../server/cql2/index.js'
import type { Database } from '../server/db/database.js'
import { ATS_COLLECTIONS, dropAtsLayers, loadAtsLayers, readAtsCases, readSchema, selectFids, type AtsLayer } from './cql2-ats-data.js'
import { openTestDatabase } from './helpers/test-db.js'

// The OGC CQL2 ATS tests that hold for any data: /conf/basic-cql2/comparison, is-null, boolean
// and the /conf/*/logical combinations. Result sets are checked against each other, and the
// combinations against three-valued logic applied to the result sets of their parts.

let db: Database
let layers: Map<string, AtsLayer>

beforeAll(async () => {
  db = await openTestDatabase()
  layers = await loadAtsLayers(db)
})

afterAll(async () => {
  if (layers) await dropAtsLayers(db, layers)
  await db?.close()
})

// The values the ATS prescribes per queryable type.
const VALUES: Record<AttributeType, string> = {
  text: "'foo'", boolean: 'true', number: '3.14', decimal: '3.14', integer: '1', bigint: '1',
  timestamp: "TIMESTAMP('2022-04-14T14:48:46Z')", date: "DATE('2022-04-14')",
}

const fids = (collection: string, filter: string) => selectFids(db, layers.get(collection)!, parseCql2Text(filter))

const intersection = (a: number[], b: number[]) => a.filter((x) => b.includes(x))
const union = (a: number[], b: number[]) => [...new Set([...a, ...b])].sort((x, y) => x - y)

const queryables = ATS_COLLECTIONS.flatMap((collection) => readSchema(collection).attributes.map((a) => ({ collection, ...a })))

describe('/conf/basic-cql2/comparison and is-null on every queryable', () => {
  it.each(queryables)('$collection.$name ($type)', async ({ collection, name, type }) => {
    const q = `"${name}"`
    const value = VALUES[type]
    const [eq, ne, gt, le, lt, ge] = await Promise.all(['=', '<>', '>', '<=', '<', '>='].map((op) => fids(collection, `${q} ${op} ${value}`)))
    const present = await fids(collection, `${q} IS NOT NULL`)
    const missing = await fids(collection, `${q} IS NULL`)
    for (const [a, b] of [[eq, ne], [gt, le], [lt, ge]]) {
      expect(intersection(a, b)).toEqual([])
      expect(union(a, b)).toEqual(present)
    }
    expect(intersection(present, missing)).toEqual([])
    expect(union(present, missing)).toHaveLength(layers.get(collection)!.total)
  })
})

describe('/conf/basic-cql2/boolean', () => {
  it.each(ATS_COLLECTIONS)('%s: true selects everything, false nothing', async (collection) => {
    expect(await fids(collection, 'true')).toHaveLength(layers.get(collection)!.total)
    expect(await fids(collection, 'false')).toEqual([])
  })
})

type Truth = 'T' | 'F' | 'U'
const not = (a: Truth): Truth => (a === 'T' ? 'F' : a === 'F' ? 'T' : 'U')
const and = (a: Truth, b: Truth): Truth => (a === 'F' || b === 'F' ? 'F' : a === 'T' && b === 'T' ? 'T' : 'U')
const or = (a: Truth, b: Truth): Truth => not(and(not(a), not(b)))

/** A small fixed-seed generator, so the "random" combinations are the same on every run. */
function generator(seed: number): () => number {
  return () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31
    return seed / 2 ** 31
  }
}

describe('/conf/*/logical: ((NOT p1 AND p2) OR (p3 AND NOT p4) OR NOT (p1 AND p4))', () => {
  const cases = readAtsCases()
  const random = generator(2024)
  const combinations = ATS_COLLECTIONS.flatMap((collection) => {
    const predicates = cases.filter((c) => c.collection === collection).map((c) => c.filter)
    return Array.from({ length: 10 }, () => ({ collection, p: Array.from({ length: 4 }, () => predicates[Math.floor(random() * predicates.length)]) }))
  })

  /** Each feature's truth value for a predicate: true where it holds, false where its negation holds, else unknown. */
  async function truth(collection: string, filter: string): Promise<(fid: number) => Truth> {
    const [yes, no] = await Promise.all([fids(collection, filter), fids(collection, `NOT (${filter})`)])
    return (fid) => (yes.includes(fid) ? 'T' : no.includes(fid) ? 'F' : 'U')
  }

  it.each(combinations)('$collection: $p', async ({ collection, p }) => {
    const [p1, p2, p3, p4] = p.map((f) => `(${f})`)
    const combined = await fids(collection, `((NOT ${p1} AND ${p2}) OR (${p3} and NOT ${p4}) or not (${p1} AND ${p4}))`)
    const [t1, t2, t3, t4] = await Promise.all(p.map((f) => truth(collection, f)))
    const all = await fids(collection, 'true')
    const expected = all.filter((fid) => or(or(and(not(t1(fid)), t2(fid)), and(t3(fid), not(t4(fid)))), not(and(t1(fid), t4(fid)))) === 'T')
    expect(combined).toEqual(expected)
  })
})
