import proj4 from 'proj4'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
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

const EPSG = 'http://www.opengis.net/def/crs/EPSG/0/'
const CRS84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84'

/**
 * proj4 definitions of the CGCS2000 3-degree Gauss-Krüger zones, written from the EPSG parameters:
 * EPSG:4513–4533 are zones 25–45 with the zone number in front of the easting, 4534–4554 the same
 * central meridians (75°E … 135°E) without it.
 */
function gaussKrugerDef(srid: number): string {
  const prefixed = srid <= 4533
  const i = prefixed ? srid - 4513 : srid - 4534
  const falseEasting = prefixed ? (25 + i) * 1e6 + 500000 : 500000
  return `+proj=tmerc +lat_0=0 +lon_0=${75 + 3 * i} +k=1 +x_0=${falseEasting} +y_0=0 +ellps=GRS80 +units=m +no_defs`
}

type Point = { type: 'Point'; coordinates: [number, number] }
async function pointOf(id: number, crs?: string) {
  const url = `/ogc/collections/${fx.points.id}/items/${id}${crs ? `?crs=${encodeURIComponent(crs)}` : ''}`
  const res = await t.app.inject({ method: 'GET', url })
  expect(res.statusCode, res.body).toBe(200)
  return { geometry: res.json().geometry as Point, contentCrs: res.headers['content-crs'] }
}

// Fixture point #1 is at 106.2E 38.45N (CGCS2000).
const LON = 106.2
const LAT = 38.45

describe('output CRS (OGC API Features Part 2)', () => {
  it('defaults to CRS84, longitude first, and says so in Content-Crs', async () => {
    const { geometry, contentCrs } = await pointOf(1)
    expect(geometry.coordinates).toEqual([LON, LAT])
    expect(contentCrs).toBe(`<${CRS84}>`)
  })

  it('gives latitude first for EPSG:4490 and EPSG:4326, whichever way the CRS is written', async () => {
    for (const crs of [`${EPSG}4490`, 'EPSG:4490', '[EPSG:4490]', `${EPSG}4326`]) {
      const { geometry, contentCrs } = await pointOf(1, crs)
      expect(geometry.coordinates, crs).toEqual([LAT, LON])
      expect(contentCrs).toMatch(/^<http:\/\/www\.opengis\.net\/def\/crs\/EPSG\/0\/(4490|4326)>$/)
    }
  })

  it('gives Web Mercator easting, northing as proj4 computes them', async () => {
    const { geometry } = await pointOf(1, `${EPSG}3857`)
    const [x, y] = proj4('EPSG:4326', 'EPSG:3857', [LON, LAT])
    expect(geometry.coordinates[0]).toBeCloseTo(x, 3)
    expect(geometry.coordinates[1]).toBeCloseTo(y, 3)
  })

  it('gives northing, easting in every CGCS2000 Gauss-Krüger zone EPSG:4513–4554, matching proj4 to 1 mm', async () => {
    for (let srid = 4513; srid <= 4554; srid++) {
      const { geometry, contentCrs } = await pointOf(1, `${EPSG}${srid}`)
      const [easting, northing] = proj4('EPSG:4326', gaussKrugerDef(srid), [LON, LAT])
      expect(contentCrs).toBe(`<${EPSG}${srid}>`)
      expect(Math.abs(geometry.coordinates[0] - northing), `EPSG:${srid} northing`).toBeLessThan(0.001)
      expect(Math.abs(geometry.coordinates[1] - easting), `EPSG:${srid} easting`).toBeLessThan(0.001)
    }
  })

  it('transforms polygons of an items page too', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/ogc/collections/${fx.polygons.id}/items?limit=1&crs=EPSG:4523` })
    expect(res.headers['content-crs']).toBe(`<${EPSG}4523>`)
    const ring = res.json().features[0].geometry.coordinates[0][0] as [number, number][]
    const expected = [[106, 38], [106.01, 38], [106.01, 38.01], [106, 38.01], [106, 38]].map((p) => proj4('EPSG:4326', gaussKrugerDef(4523), p))
    ring.forEach(([n, e], i) => {
      expect(Math.abs(n - expected[i]![1]!)).toBeLessThan(0.001)
      expect(Math.abs(e - expected[i]![0]!)).toBeLessThan(0.001)
    })
  })
})

describe('bbox-crs', () => {
  async function idsIn(query: string): Promise<number[]> {
    const res = await t.app.inject({ method: 'GET', url: `/ogc/collections/${fx.polygons.id}/items?limit=100&${query}` })
    expect(res.statusCode, res.body).toBe(200)
    return res.json().features.map((f: { id: number }) => f.id).sort((a: number, b: number) => a - b)
  }
  // The box 106.015–106.025E, 38.005–38.015N touches parcels 2, 3, 8 and 9.
  const box = [106.015, 38.005, 106.025, 38.015]

  it('reads the box in the axis order of its CRS: lat,lon for EPSG:4490 and 4326', async () => {
    expect(await idsIn(`bbox=${box.join(',')}`)).toEqual([2, 3, 8, 9])
    expect(await idsIn(`bbox=${box.join(',')}&bbox-crs=${encodeURIComponent(CRS84)}`)).toEqual([2, 3, 8, 9])
    expect(await idsIn(`bbox=${[box[1], box[0], box[3], box[2]].join(',')}&bbox-crs=EPSG:4490`)).toEqual([2, 3, 8, 9])
    expect(await idsIn(`bbox=${[box[1], box[0], box[3], box[2]].join(',')}&bbox-crs=${encodeURIComponent(`${EPSG}4326`)}`)).toEqual([2, 3, 8, 9])
  })

  it('transforms a projected box (Gauss-Krüger northing,easting; Web Mercator x,y) to the storage CRS', async () => {
    const [e1, n1] = proj4('EPSG:4326', gaussKrugerDef(4544), [box[0]!, box[1]!])
    const [e2, n2] = proj4('EPSG:4326', gaussKrugerDef(4544), [box[2]!, box[3]!])
    expect(await idsIn(`bbox=${[n1, e1, n2, e2].join(',')}&bbox-crs=${encodeURIComponent(`${EPSG}4544`)}`)).toEqual([2, 3, 8, 9])
    const [x1, y1] = proj4('EPSG:4326', 'EPSG:3857', [box[0]!, box[1]!])
    const [x2, y2] = proj4('EPSG:4326', 'EPSG:3857', [box[2]!, box[3]!])
    expect(await idsIn(`bbox=${[x1, y1, x2, y2].join(',')}&bbox-crs=EPSG:3857`)).toEqual([2, 3, 8, 9])
  })

  it('refuses a latitude-first box given in longitude order', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/ogc/collections/${fx.polygons.id}/items?bbox=${box.join(',')}&bbox-crs=EPSG:4490` })
    expect(res.statusCode).toBe(400)
    expect(res.json().detail).toMatch(/latitude,longitude \(this CRS is north-first\)/)
  })
})
