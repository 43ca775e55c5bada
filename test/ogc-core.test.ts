import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp } from '../server/app.js'
import { openTestApp, type TestApp } from './helpers/test-app.js'
import { testConfig } from './helpers/test-db.js'
import { createOgcFixtures, type OgcFixtures } from './ogc-fixtures.js'

let t: TestApp
let fx: OgcFixtures
beforeAll(async () => {
  t = await openTestApp({ ITEMS_DEFAULT_LIMIT: 10, ITEMS_MAX_LIMIT: 1000 })
  fx = await createOgcFixtures(t.db)
})
afterAll(async () => {
  await fx?.drop()
  await t?.close()
})

async function get(url: string, headers: Record<string, string> = {}) {
  return t.app.inject({ method: 'GET', url, headers })
}
async function json(url: string) {
  const res = await get(url)
  expect(res.statusCode, `${url}: ${res.body.slice(0, 300)}`).toBe(200)
  return res.json()
}
type Feature = { id: number; type: string; geometry: { type: string; coordinates: unknown } | null; properties: Record<string, unknown> }
type Link = { rel: string; href: string; type: string }
const items = (id: string, query = '') => `/ogc/collections/${id}/items${query ? `?${query}` : ''}`
const hrefPath = (href: string) => href.replace(/^https?:\/\/[^/]+/, '')

describe('landing page, conformance, collections', () => {
  it('links the API definition, its documentation, the conformance classes and the data', async () => {
    const body = await json('/ogc')
    const rels = Object.fromEntries(body.links.map((l: Link) => [l.rel, l]))
    expect(rels['service-desc'].type).toBe('application/vnd.oai.openapi+json;version=3.0')
    expect(rels['service-doc'].type).toBe('text/html')
    expect(hrefPath(rels.conformance.href)).toBe('/ogc/conformance')
    expect(hrefPath(rels.data.href)).toBe('/ogc/collections')
    for (const l of body.links) expect(l.type, l.rel).toBeTruthy()
    expect((await get('/ogc/')).statusCode).toBe(200)
  })

  it('declares Part 1 core, GeoJSON, HTML, OpenAPI 3.0 and Part 2 CRS', async () => {
    const body = await json('/ogc/conformance')
    for (const c of ['ogcapi-features-1/1.0/conf/core', 'ogcapi-features-1/1.0/conf/geojson', 'ogcapi-features-1/1.0/conf/html', 'ogcapi-features-1/1.0/conf/oas30', 'ogcapi-features-2/1.0/conf/crs']) {
      expect(body.conformsTo).toContain(`http://www.opengis.net/spec/${c}`)
    }
  })

  it('lists every layer as a collection, identical to its own document, with CRS84 first and CGCS2000 storage', async () => {
    const body = await json('/ogc/collections')
    const ids = body.collections.map((c: { id: string }) => c.id)
    for (const spec of [fx.polygons, fx.points, fx.lines, fx.empty, fx.wide, fx.many]) expect(ids).toContain(spec.id)
    const listed = body.collections.find((c: { id: string }) => c.id === fx.polygons.id)
    const own = await json(`/ogc/collections/${fx.polygons.id}`)
    expect(own).toEqual(listed)
    expect(own.title).toBe('测试地类图斑')
    expect(own.crs[0]).toBe('http://www.opengis.net/def/crs/OGC/1.3/CRS84')
    expect(own.crs).toContain('http://www.opengis.net/def/crs/EPSG/0/4490')
    expect(own.crs).toContain('http://www.opengis.net/def/crs/EPSG/0/4513')
    expect(own.crs).toContain('http://www.opengis.net/def/crs/EPSG/0/4554')
    expect(own.storageCrs).toBe('http://www.opengis.net/def/crs/EPSG/0/4490')
    const [minx, miny, maxx, maxy] = own.extent.spatial.bbox[0]
    expect([minx, miny, maxx, maxy].map((v: number) => Number(v.toFixed(6)))).toEqual([106, 38, 106.06, 38.05])
    expect(own.extent.temporal.interval[0]).toEqual(['2023-01-15T00:00:00Z', '2023-09-15T23:59:59Z'])
    const itemsLink = own.links.find((l: Link) => l.rel === 'items' && l.type === 'application/geo+json')
    expect(hrefPath(itemsLink.href)).toBe(`/ogc/collections/${fx.polygons.id}/items`)
  })

  it('describes an empty layer without a spatial extent, and answers 404 for an unknown collection', async () => {
    const empty = await json(`/ogc/collections/${fx.empty.id}`)
    expect(empty.extent.spatial).toBeUndefined()
    const missing = await get('/ogc/collections/no_such_layer')
    expect(missing.statusCode).toBe(404)
    expect(missing.headers['content-type']).toContain('application/problem+json')
    expect(missing.json().detail).toMatch(/no collection "no_such_layer".*\/ogc\/collections/)
  })
})

describe('items', () => {
  it('returns GeoJSON in CRS84 with Chinese attributes, numberMatched/numberReturned, timeStamp and links', async () => {
    const res = await get(items(fx.polygons.id, 'limit=50'))
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toContain('application/geo+json')
    expect(res.headers['content-crs']).toBe('<http://www.opengis.net/def/crs/OGC/1.3/CRS84>')
    const body = res.json()
    expect(body.type).toBe('FeatureCollection')
    expect(body.numberMatched).toBe(30)
    expect(body.numberReturned).toBe(30)
    expect(body.features).toHaveLength(30)
    expect(Math.abs(Date.parse(body.timeStamp) - Date.now())).toBeLessThan(60_000)
    const first: Feature = body.features[0]
    expect(first.id).toBe(1)
    expect(first.properties).toEqual({ DLBM: '0101', DLMC: '水田', TBMJ: 1000, ZLDWDM: null, GXSJ: '2023-01-15', BSM: 1, SFJBNT: true })
    expect(first.geometry!.type).toBe('MultiPolygon')
    expect(first.geometry!.coordinates).toEqual([[[[106, 38], [106.01, 38], [106.01, 38.01], [106, 38.01], [106, 38]]]])
    expect(body.features[29].properties.DLMC).toBe(`引号'与"双引号<b>&`)
    // Compact JSON: json_build_object's spaces (", " and " : ") would be a tenth of the bytes.
    expect(res.body).toContain('{"type":"Feature","id":1,"geometry":{')
    expect(res.body).not.toMatch(/" : |, "/)
    const rels = body.links.map((l: Link) => l.rel)
    expect(rels).toEqual(expect.arrayContaining(['self', 'alternate', 'collection']))
    expect(rels).not.toContain('next')
  })

  it('pages with limit (default from config) and next/prev links that keep every other parameter', async () => {
    const first = await json(items(fx.polygons.id, 'DLBM=0101&sortby=-BSM'))
    expect(first.numberReturned).toBe(6)
    const page1 = await json(items(fx.polygons.id, 'sortby=-BSM&properties=BSM,DLMC'))
    expect(page1.numberReturned).toBe(10)
    expect(page1.features.map((f: Feature) => f.properties.BSM)).toEqual([30, 29, 28, 27, 26, 25, 24, 23, 22, 21])
    expect(Object.keys(page1.features[0].properties)).toEqual(['BSM', 'DLMC'])
    expect(page1.links.find((l: Link) => l.rel === 'prev')).toBeUndefined()
    const next = page1.links.find((l: Link) => l.rel === 'next')
    expect(next.type).toBe('application/geo+json')
    expect(hrefPath(next.href)).toBe(`/ogc/collections/${fx.polygons.id}/items?sortby=-BSM&properties=BSM,DLMC&f=json&offset=10`)
    const seen: number[] = page1.features.map((f: Feature) => f.properties.BSM)
    let href: string | undefined = next.href
    let last = page1
    while (href) {
      last = await json(hrefPath(href))
      seen.push(...last.features.map((f: Feature) => f.properties.BSM as number))
      href = last.links.find((l: Link) => l.rel === 'next')?.href
    }
    expect(seen).toEqual(Array.from({ length: 30 }, (_, i) => 30 - i))
    expect(hrefPath(last.links.find((l: Link) => l.rel === 'prev').href)).toContain('offset=10')
  })

  it('lowers a limit above the maximum to the maximum instead of failing', async () => {
    const body = await json(items(fx.many.id, 'limit=5000'))
    expect(body.numberReturned).toBe(1000)
    expect(body.numberMatched).toBe(fx.manyCount)
  })

  it('leaves numberMatched out when more features match than ITEMS_MATCHED_MAX, but still pages', async () => {
    const capped = await buildApp({ config: testConfig({ ITEMS_MATCHED_MAX: 1000 }), db: t.db })
    try {
      const res = await capped.inject({ method: 'GET', url: items(fx.many.id, 'bbox=104,36,108,40&limit=5') })
      const body = res.json()
      expect(body.numberMatched).toBeUndefined()
      expect(body.numberReturned).toBe(5)
      expect(body.links.some((l: Link) => l.rel === 'next')).toBe(true)
      const small = (await capped.inject({ method: 'GET', url: items(fx.many.id, 'N=7') })).json()
      expect(small.numberMatched).toBe(1)
      const unfiltered = (await capped.inject({ method: 'GET', url: items(fx.many.id, 'limit=1') })).json()
      expect(unfiltered.numberMatched).toBe(fx.manyCount)
    } finally {
      await capped.close()
    }
  })

  it('accepts a six-number bbox (heights ignored)', async () => {
    const body = await json(items(fx.polygons.id, 'bbox=106.015,38.005,-10,106.025,38.015,100&limit=100'))
    expect(body.numberMatched).toBe(4)
  })

  it('filters by bbox (CRS84) and counts the matches', async () => {
    const body = await json(items(fx.polygons.id, 'bbox=106.015,38.005,106.025,38.015&limit=100'))
    expect(body.features.map((f: Feature) => f.id).sort((a: number, b: number) => a - b)).toEqual([2, 3, 8, 9])
    expect(body.numberMatched).toBe(4)
  })

  it('filters by datetime on a date field: instant, intervals, open ends with .. and empty', async () => {
    const ids = async (dt: string) => (await json(items(fx.polygons.id, `limit=100&datetime=${encodeURIComponent(dt)}`))).features.map((f: Feature) => f.properties.GXSJ)
    const months = (list: string[]) => [...new Set(list.map((d) => d.slice(5, 7)))].sort()
    expect(months(await ids('2023-03-15'))).toEqual(['03'])
    expect(months(await ids('2023-03-15T10:00:00Z'))).toEqual(['03'])
    expect(months(await ids('2023-02-01/2023-04-15'))).toEqual(['02', '03', '04'])
    expect(months(await ids('../2023-02-15'))).toEqual(['01', '02'])
    expect(months(await ids('/2023-02-15'))).toEqual(['01', '02'])
    expect(months(await ids('2023-08-15/..'))).toEqual(['08', '09'])
    expect(months(await ids('2023-08-15/'))).toEqual(['08', '09'])
  })

  it('filters by datetime on a timestamp field', async () => {
    const names = async (dt: string) => (await json(items(fx.points.id, `datetime=${encodeURIComponent(dt)}`))).features.map((f: Feature) => f.properties.MC)
    expect(await names('2024-05-02T01:30:00Z')).toEqual(['贺兰山东麓'])
    expect(await names('2024-05-03')).toEqual(['沙湖'])
    expect(await names('2024-05-05T00:00:00Z/..')).toEqual(['黄河大桥', '镇北堡'])
    expect(await names('2024-05-01T08:30:00+08:00/2024-05-02')).toEqual(['银川站', '贺兰山东麓'])
  })

  it('accepts datetime on a layer without a time field and returns every feature (they have no time)', async () => {
    expect((await json(items(fx.lines.id, 'datetime=2020-01-01'))).numberReturned).toBe(3)
  })

  it('filters by attribute equality (queryables as query parameters), with Chinese values', async () => {
    expect((await json(items(fx.polygons.id, `DLMC=${encodeURIComponent('旱地')}&limit=100`))).numberMatched).toBe(6)
    expect((await json(items(fx.polygons.id, 'SFJBNT=true&limit=100'))).numberMatched).toBe(10)
    expect((await json(items(fx.polygons.id, 'BSM=7'))).features[0].properties.BSM).toBe(7)
    expect((await json(items(fx.polygons.id, 'GXSJ=2023-02-15'))).numberMatched).toBe(4)
    expect((await json(items(fx.polygons.id, 'GXSJ=2023-02-15&DLBM=0103'))).numberMatched).toBe(1)
  })

  it('keeps the order of every attribute, past the 50 that json_build_object could take', async () => {
    const body = await json(items(fx.wide.id))
    expect(Object.keys(body.features[0].properties)).toEqual(fx.wide.attributes.map((a) => a.name))
    expect(body.features[0].properties.F59).toBe(590)
  })

  it('returns an empty collection for an empty layer', async () => {
    const body = await json(items(fx.empty.id))
    expect(body).toMatchObject({ type: 'FeatureCollection', features: [], numberReturned: 0, numberMatched: 0 })
  })
})

describe('one feature', () => {
  it('returns the feature with self, alternate and collection links', async () => {
    const res = await get(`/ogc/collections/${fx.points.id}/items/3`)
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toContain('application/geo+json')
    const body = res.json()
    expect(body).toMatchObject({ type: 'Feature', id: 3, properties: { MC: '沙湖', DJ: 3 }, geometry: { type: 'Point' } })
    expect(body.links.map((l: Link) => l.rel).sort()).toEqual(['alternate', 'collection', 'self'])
  })

  it('answers 404 for an unknown or malformed feature id', async () => {
    for (const id of ['999999', 'abc', '0', '-1']) {
      const res = await get(`/ogc/collections/${fx.points.id}/items/${id}`)
      expect(res.statusCode, id).toBe(404)
      expect(res.json().detail).toContain(fx.points.id)
    }
  })
})

describe('bad parameters are a 400 that names the problem and the allowed values', () => {
  const cases: [string, RegExp][] = [
    ['bbox=1,2,3', /bbox must be four comma-separated numbers/],
    ['bbox=106,38,105,39', /lower corner above or right/],
    ['bbox=106,95,107,96', /outside the range/],
    ['limit=0', /limit must be a whole number from 1 to 1000/],
    ['limit=ten', /limit must be a whole number/],
    ['offset=-5', /offset must be a whole number/],
    ['sortby=NOPE', /sortby names "NOPE".*DLBM, DLMC/],
    ['properties=DLBM,XYZ', /unknown attributes: XYZ/],
    ['crs=EPSG:9999', /Unsupported coordinate reference system.*EPSG:4490/],
    ['bbox-crs=EPSG:4326', /bbox-crs only applies together with a bbox/],
    ['datetime=yesterday', /datetime "yesterday" is not valid/],
    ['datetime=2023-05-01/2023-01-01', /ends before it starts/],
    ['BSM=seven', /BSM is integer, so the value must be a whole number/],
    ['GXSJ=2023-13-45', /GXSJ is date/],
    ['SFJBNT=yes', /true or false/],
    ['colour=red', /Unknown query parameter "colour".*limit.*DLBM/],
    ['f=xml', /Unsupported format f=xml/],
    ['limit=5&limit=6', /given twice with different values/],
    ['filter-lang=cql2-text', /only apply together with a filter/],
  ]
  for (const [query, message] of cases) {
    it(query, async () => {
      const res = await get(items(fx.polygons.id, query))
      expect(res.statusCode).toBe(400)
      expect(res.headers['content-type']).toContain('application/problem+json')
      expect(res.json().detail).toMatch(message)
    })
  }
})

describe('queryables', () => {
  it('is a JSON Schema of the attributes and the geometry', async () => {
    const res = await get(`/ogc/collections/${fx.polygons.id}/queryables`)
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toContain('application/schema+json')
    const body = res.json()
    expect(body.$schema).toBe('https://json-schema.org/draft/2020-12/schema')
    expect(body.$id).toMatch(new RegExp(`/ogc/collections/${fx.polygons.id}/queryables$`))
    expect(body.type).toBe('object')
    expect(body.properties.geometry).toMatchObject({ format: 'geometry-multipolygon', 'x-ogc-role': 'primary-geometry' })
    expect(body.properties.DLBM).toEqual({ title: '地类编码', type: 'string' })
    expect(body.properties.TBMJ.type).toBe('number')
    expect(body.properties.BSM.type).toBe('integer')
    expect(body.properties.GXSJ).toMatchObject({ type: 'string', format: 'date', 'x-ogc-role': 'primary-instant' })
    expect(body.properties.SFJBNT.type).toBe('boolean')
  })
})
