import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Geometry, Position } from 'geojson'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTestApp, type TestApp } from './helpers/test-app.js'
import { uniqueLayerId } from './helpers/test-db.js'
import { createExportFixtures, storedRows, type ExportFixtures } from './export-fixtures.js'
import { importFile } from './import-helpers.js'

let t: TestApp
let f: ExportFixtures
const dir = mkdtempSync(join(tmpdir(), 'onemap-export-roundtrip-'))
beforeAll(async () => {
  t = await openTestApp({ JOB_RUNNER: false })
  f = await createExportFixtures(t.db)
})
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true })
  await t?.close()
})

/** Export `layer`, import the file under a new id through OneMap's own importer, and return both sides. */
async function roundTrip(layer: string, query: string, file: string) {
  const res = await t.app.inject({ method: 'GET', url: `/api/layers/${layer}/export?${query}` })
  expect(res.statusCode).toBe(200)
  const path = join(dir, file)
  writeFileSync(path, res.rawPayload)
  const copy = uniqueLayerId('roundtrip')
  const { job, report } = await importFile(t.app, path, { layer: copy })
  expect(job.state, JSON.stringify(job.error ?? null)).toBe('succeeded')
  return { report, before: await storedRows(t.db, layer), after: await storedRows(t.db, copy) }
}

const positions = (g: string | null): Position[] => (g ? ((JSON.parse(g) as Geometry & { coordinates: unknown }).coordinates as unknown[]).flat(3) : []) as Position[]
/** Largest coordinate difference, comparing vertex sets (ring direction may change on the way). */
function maxDeviation(a: string | null, b: string | null): number {
  const [pa, pb] = [positions(a), positions(b)].map((p) => [...p].sort((x, y) => Number(x) - Number(y)))
  if (pa.length !== pb.length) return Infinity
  return pa.reduce((m, v, i) => Math.max(m, Math.abs(Number(v) - Number(pb[i]))), 0)
}

const SHORT: Record<string, string> = { ZLDWMC_LONGNAME: 'ZLDWMC_LON', ZLDWMC_LONGNAME2: 'ZLDWMC_L_1' }
/** What a shapefile can carry: '' reads back as null, timestamps are ISO text, long names are cut. */
function throughShapefile(properties: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(properties).map(([k, v]) => {
    const value = v === '' ? null : k === 'UPDATED' && v !== null ? new Date(v as string).toISOString() : v
    return [SHORT[k] ?? k, value]
  }))
}

describe.each([
  { encoding: 'gbk', crs: 'EPSG:4523', tolerance: 1e-8 },
  { encoding: 'utf-8', crs: 'EPSG:4490', tolerance: 0 },
])('shapefile ($encoding, $crs) → OneMap importer', ({ encoding, crs, tolerance }) => {
  it('gives the same features, attributes and official areas', async () => {
    const { report, before, after } = await roundTrip(f.polygons, `format=shapefile&encoding=${encoding}&crs=${crs}`, `poly-${encoding}.zip`)
    expect(report.crs.srid).toBe(Number(crs.split(':')[1]))
    expect(report.encoding?.name.replace('-', '')).toBe(encoding.replace('-', ''))
    expect(after).toHaveLength(before.length)
    after.forEach((row, i) => {
      expect(row.properties).toEqual(throughShapefile(before[i].properties))
      expect(maxDeviation(row.geometry, before[i].geometry)).toBeLessThanOrEqual(tolerance)
      expect(Math.abs(row.area! - before[i].area!)).toBeLessThanOrEqual(0.01)
    })
    expect(after[0].properties.ZLDWMC).toBe('银川市兴庆区掌政镇')
  })
})

describe('other round trips', () => {
  it('GeoJSON keeps long names and every value (dates and timestamps come back as text)', async () => {
    const { before, after } = await roundTrip(f.polygons, 'format=geojson', 'poly.geojson')
    expect(after).toHaveLength(3)
    after.forEach((row, i) => {
      const expected = Object.fromEntries(Object.entries(before[i].properties).map(([k, v]) => [k, k === 'UPDATED' && v !== null ? new Date(v as string).toISOString() : v]))
      expect(row.properties).toEqual(expected)
      expect(maxDeviation(row.geometry, before[i].geometry)).toBeLessThan(1e-9)
      expect(Math.abs(row.area! - before[i].area!)).toBeLessThanOrEqual(0.01)
    })
  })

  it('shapefiles of lines and points, with a null shape', async () => {
    for (const layer of [f.lines, f.points]) {
      const { before, after } = await roundTrip(layer, 'format=shapefile', `${layer}.zip`)
      expect(after).toHaveLength(2)
      expect(after.map((r) => r.properties)).toEqual(before.map((r) => r.properties))
      after.forEach((row, i) => expect(maxDeviation(row.geometry, before[i].geometry)).toBe(0))
    }
  })
})
