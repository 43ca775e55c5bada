import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Feature, FeatureCollection, MultiPolygon } from 'geojson'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTestApp, type TestApp } from './helpers/test-app.js'
import { createExportFixtures, POLYGON_ATTRIBUTES, storedRows, type ExportFixtures } from './export-fixtures.js'
import { gdalEpsg, gdalRead, GDAL_VERSION } from './export-gdal.js'

let t: TestApp
let f: ExportFixtures
const dir = mkdtempSync(join(tmpdir(), 'onemap-export-'))
beforeAll(async () => {
  t = await openTestApp()
  f = await createExportFixtures(t.db)
})
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true })
  await t?.close()
})

const get = (url: string) => t.app.inject({ method: 'GET', url })
function save(name: string, body: Buffer | string): string {
  const path = join(dir, name)
  writeFileSync(path, body)
  return path
}
/** Timestamps as one comparable form; the database's JSON carries the session's offset. */
function normalise(properties: Record<string, unknown>): Record<string, unknown> {
  const out = { ...properties }
  if (typeof out.UPDATED === 'string') out.UPDATED = new Date(out.UPDATED).toISOString()
  return out
}
async function officialArea(geometry: unknown, srid: number): Promise<number> {
  const { rows } = await t.db.query<{ a: number }>('SELECT onemap.ellipsoid_area(ST_SetSRID(ST_GeomFromGeoJSON($1), $2::int)) AS a', [JSON.stringify(geometry), srid])
  return rows[0].a
}

describe('GET /api/layers/{id}/export?format=geojson', () => {
  it('streams every feature with all attributes in CRS84, as a named attachment', async () => {
    const res = await get(`/api/layers/${f.polygons}/export?format=geojson`)
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toBe('application/geo+json; charset=utf-8')
    expect(res.headers['content-disposition']).toMatch(new RegExp(`^attachment; filename="${f.polygons}-\\d{4}-\\d{2}-\\d{2}\\.geojson"$`))
    const body = res.json<FeatureCollection>()
    const stored = await storedRows(t.db, f.polygons)
    expect(body.features).toHaveLength(stored.length)
    expect(body).not.toHaveProperty('crs')
    body.features.forEach((feature, i) => {
      expect(feature.id).toBe(stored[i].fid)
      expect(Object.keys(feature.properties!)).toEqual(POLYGON_ATTRIBUTES.map((a) => a.name))
      expect(normalise(feature.properties!)).toEqual(normalise(stored[i].properties))
    })
    expect(body.features[0].properties!.ZLDWMC).toBe('银川市兴庆区掌政镇')
  })

  it('keeps the official area exactly: the exported polygons have the stored 椭球面积', async () => {
    const body = (await get(`/api/layers/${f.polygons}/export?format=geojson&crs=EPSG:4490`)).json<FeatureCollection>()
    const stored = await storedRows(t.db, f.polygons)
    for (const [i, feature] of body.features.entries()) {
      expect(Math.abs((await officialArea(feature.geometry, 4490)) - stored[i].area!)).toBeLessThanOrEqual(0.01)
    }
    expect(stored[0].properties.TBMJ).toBe(stored[0].area)
  })

  it('writes Gauss-Krüger zone 35 coordinates (easting first) and names the CRS so GDAL reads it', async () => {
    const res = await get(`/api/layers/${f.polygons}/export?format=geojson&crs=http://www.opengis.net/def/crs/EPSG/0/4523`)
    const body = res.json<FeatureCollection<MultiPolygon> & { crs: unknown }>()
    expect(body.crs).toEqual({ type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::4523' } })
    const [x, y] = body.features[0].geometry.coordinates[0][0][0]
    expect(x).toBeGreaterThan(35_500_000)
    expect(y).toBeGreaterThan(4_000_000)
    if (!GDAL_VERSION) return
    const read = gdalRead(save('zone35.geojson', res.body))
    expect(gdalEpsg(read)).toBe(4523)
    expect(read.features.map((g) => g.geometry)).toEqual(body.features.map((g) => g.geometry))
  })

  it('exports a bbox selection and a properties subset', async () => {
    const res = await get(`/api/layers/${f.polygons}/export?format=geojson&bbox=106.2,38.4,106.26,38.46&properties=BSM,ZLDWMC`)
    expect(res.statusCode).toBe(200)
    const body = res.json<FeatureCollection>()
    expect(body.features.map((g: Feature) => g.properties)).toEqual([
      { BSM: 1, ZLDWMC: '银川市兴庆区掌政镇' },
      { BSM: -2, ZLDWMC: '贺兰县金贵镇“引号”, 逗号' },
    ])
  })
})

describe('CQL2-filtered exports', () => {
  const bsm = async (query: string) => {
    const res = await get(`/api/layers/${f.polygons}/export?format=geojson&${query}`)
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200)
    return res.json<FeatureCollection>().features.map((g) => g.properties!.BSM)
  }

  it('exports the features a CQL2 text or JSON filter selects', async () => {
    expect(await bsm(`filter=${encodeURIComponent("ZLDWMC LIKE '银川%' OR BSM < 0")}`)).toEqual([1, -2])
    expect(await bsm(`filter=${encodeURIComponent("GXSJ < DATE('2010-01-01') AND SFJBNT = false")}`)).toEqual([-2])
    const json = JSON.stringify({ op: 'isNull', args: [{ property: 'DLBM' }] })
    expect(await bsm(`filter-lang=cql2-json&filter=${encodeURIComponent(json)}`)).toEqual([3])
    expect(await bsm(`filter=${encodeURIComponent('S_INTERSECTS(geometry, POINT(106.211 38.411))')}`)).toEqual([1])
  })

  it.skipIf(!GDAL_VERSION)('applies the same filter to a shapefile export', async () => {
    const res = await get(`/api/layers/${f.polygons}/export?format=shapefile&filter=${encodeURIComponent('BSM >= 1')}`)
    expect(res.statusCode).toBe(200)
    const read = gdalRead(`/vsizip/${save('filtered.zip', res.rawPayload)}/${f.polygons}.shp`)
    expect(read.features.map((g) => g.properties!.BSM)).toEqual([1, 3])
  })

  it('answers 400 for a filter that does not parse or names an unknown attribute', async () => {
    const cases: [string, RegExp][] = [['BSM >', /Invalid CQL2 text at line 1, column 6/], ['NOPE = 1', /unknown property "NOPE"; queryables are BSM, DLBM/]]
    for (const [filter, message] of cases) {
      const res = await get(`/api/layers/${f.polygons}/export?format=shapefile&filter=${encodeURIComponent(filter)}`)
      expect(res.statusCode, filter).toBe(400)
      expect(res.headers['content-type']).toContain('application/problem+json')
      expect(res.json().detail).toMatch(message)
    }
  })
})

describe('GET /api/layers/{id}/export?format=csv', () => {
  it('writes UTF-8 CSV with a BOM and WKT that GDAL reads back to the same values, geometry and areas', async () => {
    const res = await get(`/api/layers/${f.polygons}/export?format=csv&crs=EPSG:4544`)
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8; header=present')
    expect(res.headers['content-disposition']).toMatch(/\.csv"$/)
    expect(res.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]))
    expect(res.body.split('\r\n')[0]).toBe('\uFEFFWKT,' + POLYGON_ATTRIBUTES.map((a) => a.name).join(','))
    if (!GDAL_VERSION) return
    const read = gdalRead(save('polygons.csv', res.rawPayload))
    const stored = await storedRows(t.db, f.polygons)
    expect(read.features).toHaveLength(stored.length)
    for (const [i, feature] of read.features.entries()) {
      // CSV is all text and has no null: an empty cell stands for null (and for '').
      const expected = Object.fromEntries(Object.entries(normalise(stored[i].properties)).map(([k, v]) => [k, v === null ? '' : String(v)]))
      expect({ ...feature.properties, WKT: undefined }).toEqual({ ...expected, WKT: undefined })
      expect(Math.abs((await officialArea(feature.geometry, 4544)) - stored[i].area!)).toBeLessThanOrEqual(0.01)
    }
    expect(read.features[1].properties!.ZLDWMC).toBe('贺兰县金贵镇“引号”, 逗号')
  })

  it('leaves geometry out with geometry=none', async () => {
    const res = await get(`/api/layers/${f.points}/export?format=csv&geometry=none`)
    expect(res.body).toBe('\uFEFFNAME,H\r\n界址点1,1111.25\r\n,\r\n')
  })
})

describe('export parameters', () => {
  it('answers 404 for a layer the caller cannot see', async () => {
    const res = await get('/api/layers/no_such_layer/export?format=geojson')
    expect(res.statusCode).toBe(404)
    expect(res.json().detail).toMatch(/no layer "no_such_layer"/)
  })

  it('answers 400 naming the allowed values', async () => {
    const cases: [string, RegExp][] = [
      ['', /format is required: one of geojson, shapefile, csv/],
      ['format=kml', /format must be one of geojson, shapefile, csv; got "kml"/],
      ['format=shapefile&encoding=big5', /encoding must be one of gbk, utf-8/],
      ['format=csv&geometry=wkb', /geometry must be one of wkt, none/],
      ['format=csv&crs=EPSG:2000', /Unsupported coordinate reference system.*EPSG:4491–4554/],
      ['format=csv&encodng=utf-8', /Unknown parameter encodng\. An export takes: format, crs, encoding/],
      ['format=csv&properties=NOPE', /unknown attributes: NOPE/],
      ['format=csv&bbox=1,2,3', /bbox must be four comma-separated numbers/],
      ['format=csv&format=geojson', /Give format once/],
    ]
    for (const [query, message] of cases) {
      const res = await get(`/api/layers/${f.polygons}/export?${query}`)
      expect(res.statusCode, query).toBe(400)
      expect(res.headers['content-type']).toContain('application/problem+json')
      expect(res.json().detail, query).toMatch(message)
    }
  })
})
