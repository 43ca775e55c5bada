import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Feature, FeatureCollection, Geometry, Position } from 'geojson'
import proj4 from 'proj4'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTestApp, type TestApp } from './helpers/test-app.js'
import { createExportFixtures, storedRows, type ExportFixtures } from './export-fixtures.js'
import { gdalEpsg, gdalFieldTypes, gdalRead, GDAL_VERSION, unzip } from './export-gdal.js'

let t: TestApp
let f: ExportFixtures
const dir = mkdtempSync(join(tmpdir(), 'onemap-export-shp-'))
beforeAll(async () => {
  t = await openTestApp()
  f = await createExportFixtures(t.db)
})
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true })
  await t?.close()
})

proj4.defs('EPSG:4490', '+proj=longlat +ellps=GRS80 +no_defs')
proj4.defs('EPSG:4523', '+proj=tmerc +lat_0=0 +lon_0=105 +k=1 +x_0=35500000 +y_0=0 +ellps=GRS80 +units=m +no_defs')
proj4.defs('EPSG:4544', '+proj=tmerc +lat_0=0 +lon_0=105 +k=1 +x_0=500000 +y_0=0 +ellps=GRS80 +units=m +no_defs')

/** Download a shapefile export, keep its files in a folder of their own, and return them. */
async function download(layer: string, query: string): Promise<{ files: Map<string, Buffer>; folder: string; zip: string }> {
  const res = await t.app.inject({ method: 'GET', url: `/api/layers/${layer}/export?format=shapefile&${query}` })
  expect(res.statusCode, res.body.slice(0, 300)).toBe(200)
  expect(res.headers['content-type']).toBe('application/zip')
  expect(res.headers['content-disposition']).toMatch(new RegExp(`filename="${layer}-\\d{4}-\\d{2}-\\d{2}\\.zip"`))
  const folder = join(dir, `${layer}-${query.replace(/\W/g, '_')}`)
  mkdirSync(folder)
  const files = await unzip(res.rawPayload)
  for (const [name, content] of files) writeFileSync(join(folder, name), content)
  const zip = join(folder, 'download.zip')
  writeFileSync(zip, res.rawPayload)
  return { files, folder, zip }
}

const allPositions = (g: Geometry | null): Position[] => {
  if (!g || g.type === 'GeometryCollection') return []
  return (g.coordinates as unknown as unknown[]).flat(3).reduce<Position[]>((out, v, i, a) => (i % 2 ? out : [...out, [v as number, a[i + 1] as number]]), [])
}
const sorted = (ps: Position[]) => [...ps].sort((a, b) => a[0] - b[0] || a[1] - b[1])

async function officialArea(geometry: unknown, srid: number): Promise<number> {
  const { rows } = await t.db.query<{ a: number }>('SELECT onemap.ellipsoid_area(ST_SetSRID(ST_GeomFromGeoJSON($1), $2::int)) AS a', [JSON.stringify(geometry), srid])
  return rows[0].a
}

/** The stored attributes as a DBF gives them back: dates as text, booleans T/F, '' and null both null. */
function asDbf(properties: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(properties)) {
    if (v === null || v === '') out[k] = null
    else if (typeof v === 'boolean') out[k] = v ? 'T' : 'F'
    else if (k === 'UPDATED') out[k] = new Date(v as string).toISOString()
    else out[k] = v
  }
  return out
}

const SHORT_NAMES: Record<string, string> = { ZLDWMC_LONGNAME: 'ZLDWMC_LON', ZLDWMC_LONGNAME2: 'ZLDWMC_L_1' }
const byOriginalName = (p: Record<string, unknown>) => Object.fromEntries(Object.entries(p).map(([k, v]) => [Object.entries(SHORT_NAMES).find(([, s]) => s === k)?.[0] ?? k, v]))

describe.each([
  { encoding: 'gbk', srid: 4523, cpg: '936', ldid: 0x4d },
  { encoding: 'utf-8', srid: 4544, cpg: 'UTF-8', ldid: 0x00 },
])('shapefile export, encoding=$encoding, EPSG:$srid', ({ encoding, srid, cpg, ldid }) => {
  let shp: Awaited<ReturnType<typeof download>>
  let read: FeatureCollection & { crs?: { properties: { name: string } } }
  beforeAll(async () => {
    shp = await download(f.polygons, `crs=EPSG:${srid}&encoding=${encoding}`)
    if (GDAL_VERSION) read = gdalRead(`/vsizip/${shp.zip}/${f.polygons}.shp`)
  })

  it('zips .shp, .shx, .dbf, .cpg, .prj and the field-name mapping, with the code page declared twice', () => {
    expect([...shp.files.keys()].sort()).toEqual([`${f.polygons}.cpg`, `${f.polygons}.dbf`, `${f.polygons}.prj`, `${f.polygons}.shp`, `${f.polygons}.shx`, 'fields.csv'])
    expect(shp.files.get(`${f.polygons}.cpg`)!.toString()).toBe(cpg)
    expect(shp.files.get(`${f.polygons}.dbf`)![29]).toBe(ldid)
    const mapping = shp.files.get('fields.csv')!.toString('utf8')
    expect(mapping).toContain('\uFEFForiginal,shapefile\r\n')
    expect(mapping).toContain('ZLDWMC_LONGNAME,ZLDWMC_LON\r\nZLDWMC_LONGNAME2,ZLDWMC_L_1\r\n')
  })

  it.skipIf(!GDAL_VERSION)('is read by GDAL with the CRS identified, proper field types and every value intact', async () => {
    expect(gdalEpsg(read)).toBe(srid)
    expect(gdalFieldTypes(`/vsizip/${shp.zip}/${f.polygons}.shp`)).toMatchObject({
      BSM: 'Integer (9.0)', TBMJ: 'Real (18.2)', KCXS: 'Real (24.15)', BIG: 'Integer64 (18.0)', GXSJ: 'Date (10.0)', SFJBNT: 'String (1.0)', UPDATED: 'String (24.0)',
    })
    const stored = await storedRows(t.db, f.polygons)
    expect(read.features).toHaveLength(stored.length)
    read.features.forEach((feature, i) => expect(byOriginalName(feature.properties!)).toEqual(asDbf(stored[i].properties)))
    expect(read.features[1].properties!.ZLDWMC).toBe('贺兰县金贵镇“引号”, 逗号')
  })

  it.skipIf(!GDAL_VERSION)('has coordinates in the zone that agree with proj4 to 1 mm, and exactly the stored official areas', async () => {
    const stored = await storedRows(t.db, f.polygons)
    for (const [i, feature] of read.features.entries()) {
      const expected = sorted(allPositions(JSON.parse(stored[i].geometry!)).map((p) => proj4('EPSG:4490', `EPSG:${srid}`, p)))
      const actual = sorted(allPositions(feature.geometry))
      expect(actual).toHaveLength(expected.length)
      actual.forEach((p, j) => expect(Math.hypot(p[0] - expected[j][0], p[1] - expected[j][1])).toBeLessThan(0.001))
      expect(Math.abs((await officialArea(feature.geometry, srid)) - stored[i].area!)).toBeLessThanOrEqual(0.01)
      expect(feature.properties!.TBMJ).toBe(stored[i].properties.TBMJ)
    }
  })

  it.skipIf(!GDAL_VERSION)('writes outer rings clockwise and holes counter-clockwise (ESRI order)', () => {
    const signed = (ring: Position[]) => ring.slice(1).reduce((s, p, k) => s + (ring[k][0] - ring[0][0]) * (p[1] - ring[0][1]) - (p[0] - ring[0][0]) * (ring[k][1] - ring[0][1]), 0)
    const withHole = read.features[0].geometry as { type: 'Polygon'; coordinates: Position[][] }
    expect(withHole.type).toBe('Polygon')
    expect(signed(withHole.coordinates[0])).toBeLessThan(0)
    expect(signed(withHole.coordinates[1])).toBeGreaterThan(0)
    expect(read.features[1].geometry!.type).toBe('MultiPolygon')
  })
})

describe('shapefile export of lines, points and other cases', () => {
  it.skipIf(!GDAL_VERSION)('writes lines and points (with a null shape) in EPSG:4490 by default', async () => {
    for (const layer of [f.lines, f.points]) {
      const shp = await download(layer, '')
      const read = gdalRead(`/vsizip/${shp.zip}/${layer}.shp`)
      expect(gdalEpsg(read)).toBe(4490)
      const stored = await storedRows(t.db, layer)
      expect(read.features.map((g: Feature) => g.properties!.NAME ?? null)).toEqual(stored.map((s) => s.properties.NAME))
      read.features.forEach((feature, i) => {
        const expected = allPositions(stored[i].geometry ? JSON.parse(stored[i].geometry!) : null)
        const actual = allPositions(feature.geometry)
        expect(actual).toHaveLength(expected.length)
        actual.forEach((p, j) => expect(p).toEqual(expected[j]))
      })
    }
  })

  it.skipIf(!GDAL_VERSION)('declares the code page by the LDID byte alone when the .cpg is lost', async () => {
    const shp = await download(f.polygons, 'encoding=gbk')
    rmSync(join(shp.folder, `${f.polygons}.cpg`))
    expect(gdalRead(join(shp.folder, `${f.polygons}.shp`)).features[0].properties!.ZLDWMC).toBe('银川市兴庆区掌政镇')
  })

  it('leaves no temporary files behind', async () => {
    await download(f.points, 'properties=NAME')
    const tmp = join(t.config.ONEMAP_DATA_DIR, 'tmp')
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(existsSync(tmp) ? readdirSync(tmp).filter((n) => n.startsWith('export-')) : []).toEqual([])
  })
})
