import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CQL2_CONFORMANCE_CLASSES, parseCql2Text, parseFilter, type Cql2Expression } from '../server/cql2/index.js'
import type { Database } from '../server/db/database.js'
import { countMatches, dropAtsLayers, loadAtsLayers, readAtsCases, type AtsLayer } from './cql2-ats-data.js'
import { openTestDatabase } from './helpers/test-db.js'

// Every row of the OGC CQL2 abstract test suite tables (expected_counts.tsv) as its own test, in
// CQL2 Text and in CQL2 JSON, against the official test GeoPackage loaded as ordinary layers.

const cases = readAtsCases()
const declared = new Set(CQL2_CONFORMANCE_CLASSES.map((uri) => uri.split('/').pop()!))

/**
 * Rows whose published count does not match the published data. Reported upstream in
 * https://github.com/opengeospatial/ogcapi-features/issues/1011 (open): three names start with
 * "Ch" once accents are removed (Chișinău, Chicago, Chengdu) and only Chișinău starts with "chis".
 * These rows are checked against the corrected count, and their class is not declared, because
 * OneMap declares only classes whose rows all pass as published.
 */
const ERRATA = new Map([
  ["ACCENTI(name) LIKE accenti('Ch%')", 3],
  ["ACCENTI(CASEI(name)) LIKE accenti(casei('Chiș%'))", 1],
  ["ACCENTI(CASEI(name)) LIKE accenti(casei('cHis%'))", 1],
])

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

/** The same filter in CQL2 JSON, as a client would send it: the parsed tree serialised and read back. */
function asJson(filter: string): Cql2Expression {
  return parseFilter(JSON.stringify(parseCql2Text(filter)), 'cql2-json')
}

describe('the test data loaded as layers', () => {
  it('has every feature of the three collections', () => {
    expect([...layers.values()].map((l) => l.total)).toEqual([177, 243, 13])
  })
})

describe('declared conformance classes', () => {
  it('are exactly the ATS classes whose rows all pass as published (plus both encodings)', () => {
    const withErrata = new Set(cases.filter((c) => ERRATA.has(c.filter)).map((c) => c.conformanceClass))
    const expected = [...new Set(cases.map((c) => c.conformanceClass))].filter((c) => !withErrata.has(c))
    expect([...declared].sort()).toEqual([...expected, 'cql2-text', 'cql2-json'].sort())
  })
})

for (const lang of ['cql2-text', 'cql2-json'] as const) {
  describe(`OGC CQL2 ATS in ${lang}`, () => {
    for (const c of cases) {
      const expected = ERRATA.get(c.filter) ?? c.expected
      const title = `${c.conformanceClass} | ${c.collection} | ${c.filter} → ${expected}${ERRATA.has(c.filter) ? ` (published: ${c.expected}, see ogcapi-features#1011)` : ''}`
      it(title, async () => {
        const expr = lang === 'cql2-text' ? parseFilter(c.filter, 'cql2-text') : asJson(c.filter)
        expect(await countMatches(db, layers.get(c.collection)!, expr)).toBe(expected)
      })
    }
  })
}

describe('OGC CQL2 ATS: literals that must be refused (invalid coordinates)', () => {
  const invalid = [
    'S_INTERSECTS(geom,POINT(90 180))',
    'S_DISJOINT(geom,POINT(90 180))',
    'S_INTERSECTS(geom,MULTIPOINT(7.02 49.92, 90 180))',
  ]
  it.each(invalid)('%s is a 400 naming the coordinate', async (filter) => {
    const layer = layers.get('ne_110m_admin_0_countries')!
    await expect(countMatches(db, layer, parseCql2Text(filter))).rejects.toMatchObject({ status: 400, message: expect.stringContaining('(90 180)') })
  })

  it.each([
    'S_INTERSECTS(geom,BBOX(-180,-90,180,90))',
    'S_INTERSECTS(geom,POLYGON((-180 -90,180 -90,180 90,-180 90,-180 -90)))',
    'S_INTERSECTS(geom,BBOX(-180,-90,-90,90)) AND S_INTERSECTS(geom,BBOX(90,-90,180,90))',
  ])('%s runs on every collection', async (filter) => {
    for (const layer of layers.values()) expect(await countMatches(db, layer, parseCql2Text(filter))).toBeGreaterThanOrEqual(0)
  })
})
