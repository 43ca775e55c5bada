import { execFileSync } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseCql2Text } from '../server/cql2/index.js'
import { dropAtsLayers, loadAtsLayers, readAtsCases, type AtsLayer } from './cql2-ats-data.js'
import { openTestApp, type TestApp } from './helpers/test-app.js'
import { createOgcFixtures, type OgcFixtures } from './ogc-fixtures.js'

let t: TestApp
let fx: OgcFixtures
beforeAll(async () => {
  t = await openTestApp()
  fx = await createOgcFixtures(t.db, 10)
})
afterAll(async () => {
  await fx?.drop()
  await t?.close()
})

type Link = { rel: string; href: string }
async function filtered(layerId: string, filter: string, extra = '', limit = 100) {
  const url = `/ogc/collections/${layerId}/items?limit=${limit}&filter=${encodeURIComponent(filter)}${extra}`
  return t.app.inject({ method: 'GET', url })
}
async function matched(layerId: string, filter: string, extra = ''): Promise<number> {
  const res = await filtered(layerId, filter, extra)
  expect(res.statusCode, res.body.slice(0, 400)).toBe(200)
  const body = res.json()
  expect(body.numberReturned).toBe(body.features.length)
  return body.numberMatched
}

describe('conformance for Part 3', () => {
  it('declares queryables, filter, features-filter and the CQL2 classes', async () => {
    const { conformsTo } = (await t.app.inject({ method: 'GET', url: '/ogc/conformance' })).json()
    for (const c of ['queryables', 'filter', 'features-filter']) expect(conformsTo).toContain(`http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/${c}`)
    for (const c of ['cql2-text', 'cql2-json', 'basic-cql2']) expect(conformsTo).toContain(`http://www.opengis.net/spec/cql2/1.0/conf/${c}`)
  })
})

describe('CQL2 filters on the fixture layers', () => {
  it('compares text (Chinese included), numbers, booleans and dates', async () => {
    expect(await matched(fx.polygons.id, "DLBM='0101'")).toBe(6)
    expect(await matched(fx.polygons.id, "DLMC='旱地'")).toBe(6)
    expect(await matched(fx.polygons.id, "DLMC LIKE '%双引号%'")).toBe(1)
    expect(await matched(fx.polygons.id, 'TBMJ > 1300 AND SFJBNT = true')).toBe(1)
    expect(await matched(fx.polygons.id, 'TBMJ > 1300 OR SFJBNT = true')).toBe(14)
    expect(await matched(fx.polygons.id, "GXSJ >= DATE('2023-08-01')")).toBe(6)
    expect(await matched(fx.polygons.id, 'ZLDWDM IS NULL')).toBe(15)
  })

  it('reads CQL2 JSON the same way', async () => {
    const json = JSON.stringify({ op: 'and', args: [{ op: '=', args: [{ property: 'DLMC' }, '旱地'] }, { op: '<', args: [{ property: 'BSM' }, 20] }] })
    expect(await matched(fx.polygons.id, json, '&filter-lang=cql2-json')).toBe(4)
  })

  it('reads geometry literals in CRS84 by default and in filter-crs axis order otherwise', async () => {
    const lonLat = 'S_INTERSECTS(geometry, POLYGON((106.015 38.005, 106.025 38.005, 106.025 38.015, 106.015 38.015, 106.015 38.005)))'
    const latLon = 'S_INTERSECTS(geometry, POLYGON((38.005 106.015, 38.005 106.025, 38.015 106.025, 38.015 106.015, 38.005 106.015)))'
    expect(await matched(fx.polygons.id, lonLat)).toBe(4)
    expect(await matched(fx.polygons.id, latLon, '&filter-crs=http%3A%2F%2Fwww.opengis.net%2Fdef%2Fcrs%2FEPSG%2F0%2F4490')).toBe(4)
  })

  it('combines with bbox, datetime and equality parameters, and keeps the filter in paging links', async () => {
    expect(await matched(fx.polygons.id, "DLBM<>'0101'", '&bbox=106.001,38.001,106.029,38.019&datetime=2023-01-01/2023-06-30')).toBe(2)
    const res = await t.app.inject({ method: 'GET', url: `/ogc/collections/${fx.polygons.id}/items?limit=2&filter=${encodeURIComponent("DLMC='水田'")}&SFJBNT=false` })
    const body = res.json()
    expect(body.numberMatched).toBe(4)
    const next = new URL(body.links.find((l: Link) => l.rel === 'next').href).searchParams
    expect(Object.fromEntries(next)).toEqual({ limit: '2', filter: "DLMC='水田'", SFJBNT: 'false', f: 'json', offset: '2' })
  })

  it('applies to the HTML page as well', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/ogc/collections/${fx.polygons.id}/items?f=html&filter=${encodeURIComponent("DLMC='乔木林地'")}` })
    expect(res.statusCode).toBe(200)
    expect(res.body.match(/<td>乔木林地<\/td>/g)).toHaveLength(6)
  })
})

describe('malformed or hostile filters are a 400 naming the problem', () => {
  const cases: [string, string, RegExp][] = [
    ['unknown property', "NOPE = 'x'", /unknown property "NOPE"/],
    ['injection through a property name', '"DLBM"" = 1 OR 1=1 --" = 1', /Invalid CQL2 text at line 1, column 7/],
    ['injection through a quoted property name', '"x"" OR 1=1" = 1', /unknown property|Invalid CQL2 text/],
    ['injection through a value is just a value', "DLBM = '0101'' OR ''1''=''1'", /^$/],
    ['statement after the filter', "DLBM = '0101'; DROP TABLE onemap.layers", /./],
    ['unbalanced parentheses', "((DLBM = '0101')", /./],
    ['a type mismatch', "BSM = 'seven'", /./],
    ['bad JSON', '{"op":"=",', /not valid JSON/],
    ['deep nesting', `${'NOT ('.repeat(500)}BSM=1${')'.repeat(500)}`, /./],
  ]
  for (const [name, filter, message] of cases) {
    it(name, async () => {
      const lang = filter.startsWith('{') ? '&filter-lang=cql2-json' : ''
      const res = await filtered(fx.polygons.id, filter, lang)
      if (message.source === '^$') {
        expect(res.statusCode).toBe(200)
        expect(res.json().numberMatched).toBe(0)
        return
      }
      expect(res.statusCode, res.body).toBe(400)
      expect(res.headers['content-type']).toContain('application/problem+json')
      expect(res.json().detail).toMatch(message)
    })
  }

  it('an error the values cause while running (an overflow) is a 400 too', async () => {
    const res = await filtered(fx.polygons.id, 'TBMJ ^ 1000 > 1')
    expect(res.statusCode, res.body).toBe(400)
    expect(res.json().detail).toMatch(/could not be evaluated/)
  })

  it('an unknown filter-lang names the supported ones', async () => {
    const res = await filtered(fx.polygons.id, "DLBM='0101'", '&filter-lang=cql-text')
    expect(res.statusCode).toBe(400)
    expect(res.json().detail).toMatch(/cql2-text or cql2-json/)
  })

  it('the catalog is intact afterwards', async () => {
    expect((await t.app.inject({ method: 'GET', url: `/ogc/collections/${fx.polygons.id}` })).statusCode).toBe(200)
  })
})

function hasGdal(): boolean {
  try {
    execFileSync('ogrinfo', ['--version'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

// The OGC CQL2 abstract test suite through the HTTP API: every case of every CQL2 class that
// /ogc/conformance declares must give the published count as numberMatched.
describe.runIf(hasGdal())('OGC CQL2 ATS through /ogc (the declared classes only)', () => {
  let ats: Map<string, AtsLayer>
  let declared: Set<string>
  beforeAll(async () => {
    ats = await loadAtsLayers(t.db)
    const { conformsTo } = (await t.app.inject({ method: 'GET', url: '/ogc/conformance' })).json() as { conformsTo: string[] }
    declared = new Set(conformsTo.filter((c) => c.startsWith('http://www.opengis.net/spec/cql2/')).map((c) => c.split('/').pop()!))
  })
  afterAll(async () => {
    if (ats) await dropAtsLayers(t.db, ats)
  })

  const cases = readAtsCases()
  for (const lang of ['cql2-text', 'cql2-json'] as const) {
    it(`${lang}: every case of a declared class gives the published count`, async () => {
      const failures: string[] = []
      let run = 0
      for (const c of cases.filter((x) => declared.has(x.conformanceClass))) {
        const filter = lang === 'cql2-text' ? c.filter : JSON.stringify(parseCql2Text(c.filter))
        const res = await filtered(ats.get(c.collection)!.id, filter, `&filter-lang=${lang}`, 1)
        const got = res.statusCode === 200 ? res.json().numberMatched : `HTTP ${res.statusCode}`
        if (got !== c.expected) failures.push(`${c.conformanceClass}: ${c.filter} → ${got}, expected ${c.expected}`)
        run++
      }
      expect(run).toBeGreaterThan(200)
      expect(failures).toEqual([])
    })
  }
})
