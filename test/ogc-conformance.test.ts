import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { Ajv, type ValidateFunction } from 'ajv'
import { parse as parseYaml } from 'yaml'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTestApp, type TestApp } from './helpers/test-app.js'
import { createOgcFixtures, type OgcFixtures } from './ogc-fixtures.js'

// Responses checked against the normative OGC API Features Part 1 schemas (third-party test data,
// read where it lies) and the abstract test suite's definitions of the API document.

const CORE = fileURLToPath(new URL('../../shared/testdata/ogcapi-features-core/', import.meta.url))
const SCHEMA_BASE = 'http://schemas.opengis.net/ogcapi/features/part1/1.1/openapi/schemas/'

/** The upstream YAML writes the JSON type "null" as a YAML null; put it back as the string. */
function fixNullTypes(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(fixNullTypes)
  if (!node || typeof node !== 'object') return node
  return Object.fromEntries(Object.entries(node).map(([k, v]) => {
    if (k === 'type' && v === null) return [k, 'null']
    if (k === 'type' && Array.isArray(v)) return [k, v.map((t) => (t === null ? 'null' : t))]
    return [k, fixNullTypes(v)]
  }))
}

function ogcSchemas(): (name: string) => ValidateFunction {
  const ajv = new Ajv({ strict: false, validateFormats: false, allErrors: true })
  for (const file of readdirSync(`${CORE}openapi/schemas`)) {
    const schema = fixNullTypes(parseYaml(readFileSync(`${CORE}openapi/schemas/${file}`, 'utf8'))) as object
    ajv.addSchema({ ...schema, $id: SCHEMA_BASE + file })
  }
  return (name) => ajv.getSchema(SCHEMA_BASE + name)!
}

let t: TestApp
let fx: OgcFixtures
let schema: (name: string) => ValidateFunction
beforeAll(async () => {
  t = await openTestApp({ ITEMS_DEFAULT_LIMIT: 10, ITEMS_MAX_LIMIT: 500 })
  fx = await createOgcFixtures(t.db, 30)
  schema = ogcSchemas()
})
afterAll(async () => {
  await fx?.drop()
  await t?.close()
})

async function getJson(url: string) {
  const res = await t.app.inject({ method: 'GET', url })
  expect(res.statusCode, `${url} ${res.body.slice(0, 200)}`).toBe(200)
  return res.json()
}
function expectValid(name: string, doc: unknown) {
  const validate = schema(name)
  const ok = validate(doc)
  expect(ok ? [] : validate.errors, name).toEqual([])
}
const layerIds = () => [fx.polygons.id, fx.points.id, fx.lines.id, fx.empty.id, fx.wide.id]

describe('the validator itself', () => {
  it('accepts the OGC example documents and rejects a broken one', () => {
    // Collection.json and ConformsTo.json upstream are not well-formed JSON (a trailing comma, a missing one).
    const example = (f: string) => JSON.parse(readFileSync(`${CORE}examples/json/${f}`, 'utf8'))
    expectValid('landingPage.yaml', example('LandingPage.json'))
    const collections = example('Collections.json')
    expectValid('collections.yaml', collections)
    expectValid('collection.yaml', collections.collections[1])
    expect(schema('featureGeoJSON.yaml')({ type: 'Feature', geometry: { type: 'Point', coordinates: [1] }, properties: {} })).toBe(false)
  })
})

describe('JSON responses conform to the OGC schemas', () => {
  it('landing page, conformance, collections and each collection', async () => {
    expectValid('landingPage.yaml', await getJson('/ogc'))
    expectValid('confClasses.yaml', await getJson('/ogc/conformance'))
    const collections = await getJson('/ogc/collections')
    expectValid('collections.yaml', collections)
    for (const id of layerIds()) expectValid('collection.yaml', await getJson(`/ogc/collections/${id}`))
  })

  it('items of every geometry type, an empty layer, and other CRSs', async () => {
    for (const id of layerIds()) {
      for (const crs of ['', '&crs=EPSG:4490', '&crs=EPSG:4528']) {
        const body = await getJson(`/ogc/collections/${id}/items?limit=50${crs}`)
        expectValid('featureCollectionGeoJSON.yaml', body)
        expect(body.numberReturned).toBe(body.features.length)
        expect(Number.isNaN(Date.parse(body.timeStamp))).toBe(false)
      }
    }
  })

  it('one feature, whose id is the featureId of the path (/conf/geojson/content)', async () => {
    for (const [id, fid] of [[fx.polygons.id, 30], [fx.points.id, 1], [fx.lines.id, 2]] as const) {
      const body = await getJson(`/ogc/collections/${id}/items/${fid}`)
      expectValid('featureGeoJSON.yaml', body)
      expect(body.id).toBe(fid)
    }
  })

  it('every link has rel and type (/conf/core/fc-links, f-links)', async () => {
    const docs = [await getJson('/ogc'), await getJson('/ogc/collections'), await getJson(`/ogc/collections/${fx.polygons.id}/items?limit=2`), await getJson(`/ogc/collections/${fx.polygons.id}/items/1`)]
    const links = docs.flatMap((d) => [...(d.links ?? []), ...(d.collections ?? []).flatMap((c: { links: unknown[] }) => c.links)])
    expect(links.length).toBeGreaterThan(20)
    for (const l of links) expect(l).toMatchObject({ rel: expect.any(String), type: expect.any(String), href: expect.stringMatching(/^http/) })
  })
})

type Parameter = { name: string; in: string; schema: Record<string, unknown>; style?: string; explode?: boolean; required?: boolean }
type Operation = { parameters: { $ref?: string }[]; responses: Record<string, unknown> }
interface OpenApi {
  openapi: string
  info: { title: string }
  paths: Record<string, { get: Operation }>
  components: { parameters: Record<string, Parameter> }
}
describe('the OpenAPI 3.0 document (/conf/oas30)', () => {
  let api: OpenApi
  beforeAll(async () => {
    const res = await t.app.inject({ method: 'GET', url: '/ogc/api' })
    expect(res.headers['content-type']).toBe('application/vnd.oai.openapi+json;version=3.0')
    api = res.json()
  })
  const resolve = (p: { $ref?: string }): Parameter => (p.$ref ? api.components.parameters[p.$ref.split('/').pop()!] : p) as Parameter

  it('is OpenAPI 3.0 and every $ref points at something in it', () => {
    expect(api.openapi).toMatch(/^3\.0\.\d$/)
    expect(api.info.title).toBeTruthy()
    const refs = JSON.stringify(api).match(/"\$ref":"[^"]+"/g) ?? []
    expect(refs.length).toBeGreaterThan(10)
    for (const ref of new Set(refs)) {
      const path = ref.slice(8, -1).replace(/^#\//, '').split('/')
      expect(path.reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], api), ref).toBeDefined()
    }
  })

  it('describes the items of every collection with the parameters the ATS defines, and its attributes', () => {
    for (const id of layerIds()) {
      const op = api.paths[`/collections/${id}/items`]?.get
      expect(op, id).toBeDefined()
      const params = new Map<string, Parameter>(op.parameters.map((p: { $ref?: string }) => [resolve(p).name, resolve(p)]))
      expect(params.get('bbox')).toMatchObject({ in: 'query', required: false, style: 'form', explode: false, schema: { type: 'array', oneOf: [{ minItems: 4, maxItems: 4 }, { minItems: 6, maxItems: 6 }], items: { type: 'number' } } })
      expect(params.get('limit')).toMatchObject({ in: 'query', style: 'form', explode: false, schema: { type: 'integer', minimum: 1, maximum: 500, default: 10 } })
      expect(params.get('datetime')).toMatchObject({ in: 'query', style: 'form', explode: false, schema: { type: 'string' } })
      for (const name of ['crs', 'bbox-crs', 'filter', 'filter-lang', 'filter-crs', 'properties', 'sortby', 'offset']) expect(params.has(name), name).toBe(true)
      const spec = [fx.polygons, fx.points, fx.lines, fx.empty, fx.wide].find((s) => s.id === id)!
      for (const a of spec.attributes) expect(params.get(a.name)?.in, a.name).toBe('query')
      expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['200', '400', '404', '500']))
    }
  })

  it('every path without a template answers 200 (/conf/oas30/oas-impl)', async () => {
    // Other test files drop their layers meanwhile: check the service paths and this file's collections.
    const ours = (p: string) => !p.startsWith('/collections/') || layerIds().includes(p.split('/')[2]!)
    for (const path of Object.keys(api.paths).filter((p) => !p.includes('{') && ours(p))) {
      const res = await t.app.inject({ method: 'GET', url: `/ogc${path === '/' ? '' : path}` })
      expect(res.statusCode, path).toBe(200)
    }
  })
})

describe('HTML (/conf/html)', () => {
  const browser = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' }
  async function page(url: string) {
    const res = await t.app.inject({ method: 'GET', url, headers: browser })
    expect(res.statusCode, url).toBe(200)
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8')
    expect(res.body).toMatch(/^<!DOCTYPE html>\n<html lang="zh-CN">/)
    expect(res.body).toMatch(/<\/html>\n$/)
    return res.body
  }

  it('a browser gets a readable page for every resource, with Chinese titles and a link to the JSON', async () => {
    expect(await page('/ogc')).toContain('图层目录 Collections')
    expect(await page('/ogc/conformance')).toContain('ogcapi-features-1/1.0/conf/core')
    expect(await page('/ogc/api')).toContain(`GET /collections/${fx.polygons.id}/items`)
    const list = await page('/ogc/collections')
    expect(list).toContain('测试地类图斑')
    expect(list).toContain(`/ogc/collections/${fx.polygons.id}/items?f=html`)
    const collection = await page(`/ogc/collections/${fx.polygons.id}`)
    expect(collection).toContain('测试地类图斑')
    expect(collection).toMatch(/href="[^"]+\/ogc\/collections\/ogc_dltb_\w+\?f=json"/)
    expect(await page(`/ogc/collections/${fx.polygons.id}/queryables`)).toContain('地类编码')
    const feature = await page(`/ogc/collections/${fx.polygons.id}/items/3`)
    expect(feature).toContain('<td>0301</td>')
    expect(feature).toContain('乔木林地')
  })

  it('the items page is a table of properties with paging links that keep the parameters', async () => {
    const body = await page(`/ogc/collections/${fx.polygons.id}/items?limit=4&DLBM=0101`)
    expect(body.match(/<tr><td><a href=/g)).toHaveLength(4)
    expect(body).toContain('<th>DLMC<br><span class="meta">地类名称</span></th>')
    expect(body).toMatch(/<a href="[^"]*items\?limit=4&#38;DLBM=0101&#38;f=html&#38;offset=4" rel="next">/)
    expect(body).toContain('6 matching')
  })

  it('escapes everything that comes from the data', async () => {
    const body = await page(`/ogc/collections/${fx.polygons.id}/items?limit=30`)
    expect(body).not.toContain('<b>&')
    expect(body).toContain('引号&#39;与&#34;双引号&#60;b&#62;&#38;')
  })

  it('f=json wins over a browser Accept header, and JSON is the default', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/ogc/collections?f=json', headers: browser })
    expect(res.headers['content-type']).toContain('application/json')
    expect((await t.app.inject({ method: 'GET', url: '/ogc/collections' })).headers['content-type']).toContain('application/json')
    expect((await t.app.inject({ method: 'GET', url: '/ogc/collections', headers: { accept: '*/*' } })).headers['content-type']).toContain('application/json')
  })
})
