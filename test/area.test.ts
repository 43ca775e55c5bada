import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTestApp, type TestApp } from './helpers/test-app.js'

let t: TestApp
beforeAll(async () => {
  t = await openTestApp()
})
afterAll(async () => t?.close())

const SHEET_W = 3.75 / 60
const SHEET_H = 2.5 / 60
function rect(x0: number, y0: number, w: number, h: number) {
  return { type: 'Polygon', coordinates: [[[x0, y0], [x0 + w, y0], [x0 + w, y0 + h], [x0, y0 + h], [x0, y0]]] }
}
async function area(geometry: unknown) {
  return t.app.inject({ method: 'POST', url: '/api/analysis/area', payload: { geometry } })
}

describe('official ellipsoidal area (国土调查办发〔2008〕32号)', () => {
  it('gives exactly 25381170.44 m² for the 3′45″ × 2′30″ sheet with its south edge at 38°N', async () => {
    const res = await area(rect(106, 38, SHEET_W, SHEET_H))
    expect(res.statusCode).toBe(200)
    const body = res.json()
    expect(body.m2).toBe(25381170.44)
    expect(body.mu).toBeCloseTo(25381170.44 * 0.0015, 6)
    expect(body.ha).toBeCloseTo(2538.117044, 6)
  })

  it('does not depend on the sheet longitude, and is the same computed from Gauss-Krüger coordinates', async () => {
    const { rows } = await t.db.query<{ a: number; b: number }>(
      `SELECT onemap.ellipsoid_area(ST_MakeEnvelope(73, 38, 73 + $1::float8, 38 + $2::float8, 4490)) a,
              onemap.ellipsoid_area(ST_Transform(ST_MakeEnvelope(105.5, 38, 105.5 + $1::float8, 38 + $2::float8, 4490), 4523)) b`,
      [SHEET_W, SHEET_H],
    )
    expect(rows[0]).toEqual({ a: 25381170.44, b: 25381170.44 })
  })

  it('agrees with the exact authalic-latitude formula for a lat/lon rectangle', async () => {
    // Independent value: area between two parallels on the ellipsoid, from the closed-form authalic integral.
    const a = 6378137, f = 1 / 298.257222101, e2 = f * (2 - f), e = Math.sqrt(e2)
    const q = (phi: number) => { const s = Math.sin(phi); return (1 - e2) * (s / (1 - e2 * s * s) - Math.log((1 - e * s) / (1 + e * s)) / (2 * e)) }
    const exact = (lon0: number, lat0: number, w: number, h: number) => ((a * a) / 2) * ((w * Math.PI) / 180) * (q(((lat0 + h) * Math.PI) / 180) - q((lat0 * Math.PI) / 180))
    for (const [x, y, w, h] of [[106.1, 38.2, 0.05, 0.03], [105.2, 36.0, 0.4, 0.25], [106.9, 39.1, 0.001, 0.002]] as const) {
      const body = (await area(rect(x, y, w, h))).json()
      expect(Math.abs(body.m2 - exact(x, y, w, h))).toBeLessThan(0.01 + 1e-9 * body.m2)
    }
  })

  it('agrees with ST_Area(geography) within 0.01 % on ordinary polygons, with holes and multiple parts', async () => {
    const withHole = { type: 'Polygon', coordinates: [[[106, 38], [106.2, 38.01], [106.21, 38.2], [106.02, 38.18], [106, 38]], [[106.05, 38.05], [106.1, 38.05], [106.1, 38.1], [106.05, 38.05]]] }
    const multi = { type: 'MultiPolygon', coordinates: [rect(106.3, 38.3, 0.01, 0.02).coordinates, rect(106.4, 38.3, 0.03, 0.01).coordinates] }
    for (const g of [withHole, multi]) {
      const body = (await area(g)).json()
      expect(Math.abs(body.m2 - body.geodesic_m2) / body.geodesic_m2).toBeLessThan(1e-4)
    }
    const holeless = (await area({ type: 'Polygon', coordinates: [withHole.coordinates[0]] })).json()
    const hole = (await area({ type: 'Polygon', coordinates: [withHole.coordinates[1]] })).json()
    expect((await area(withHole)).json().m2).toBeCloseTo(holeless.m2 - hole.m2, 1)
  })

  it('refuses invalid, projected or non-polygon input with a message naming the problem', async () => {
    const bowtie = await area({ type: 'Polygon', coordinates: [[[106, 38], [106.1, 38.1], [106.1, 38], [106, 38.1], [106, 38]]] })
    expect(bowtie.statusCode).toBe(400)
    expect(bowtie.json().detail).toMatch(/not valid.*Self-intersection/i)
    const projected = await area(rect(500000, 4200000, 1000, 1000))
    expect(projected.statusCode).toBe(400)
    expect(projected.json().detail).toMatch(/longitude\/latitude/)
    const point = await area({ type: 'Point', coordinates: [106, 38] })
    expect(point.statusCode).toBe(400)
    expect(point.json().detail).toMatch(/Polygon or MultiPolygon/)
    expect(point.headers['content-type']).toContain('application/problem+json')
  })
})
