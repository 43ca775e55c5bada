import { execFile, execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { listLayers } from '../server/catalog/catalog.repository.js'
import { layerTable } from '../server/catalog/sql-names.js'
import { openTestApp, type TestApp } from './helpers/test-app.js'
import { createOgcFixtures, type OgcFixtures } from './ogc-fixtures.js'

// GDAL's OAPIF driver is a standard third-party client: it must list, read and filter our collections.
// The server runs in this process, so GDAL is run asynchronously (never execFileSync) to keep it serving.
const run = promisify(execFile)

function gdalVersion(): string | undefined {
  try {
    return execFileSync('ogrinfo', ['--version'], { encoding: 'utf8' }).trim()
  } catch {
    return undefined
  }
}
const GDAL = gdalVersion()
if (!GDAL) console.warn('test/ogc-gdal.test.ts skipped: ogrinfo (gdal-bin) is not installed; CI installs it.')

let t: TestApp
let fx: OgcFixtures
let root: string
let dir: string
beforeAll(async () => {
  if (!GDAL) return
  t = await openTestApp()
  fx = await createOgcFixtures(t.db, 1500)
  await t.app.listen({ host: '127.0.0.1', port: 0 })
  const address = t.app.server.address()
  root = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/ogc`
  dir = mkdtempSync(join(tmpdir(), 'onemap-ogc-gdal-'))
})
afterAll(async () => {
  if (dir) rmSync(dir, { recursive: true, force: true })
  await fx?.drop()
  await t?.close()
})

const gdalEnv = { ...process.env, GDAL_HTTP_TIMEOUT: '60', CPL_VSIL_CURL_CACHE_SIZE: '0' }

/** Run ogr2ogr to a GeoJSON file; `requests` are the URLs GDAL fetched (from its debug log). */
async function ogr2ogr(name: string, source: string, layer: string, ...options: string[]) {
  const out = join(dir, `${name}.geojson`)
  const { stderr } = await run('ogr2ogr', ['--debug', 'on', '-f', 'GeoJSON', out, source, layer, ...options], { env: gdalEnv, maxBuffer: 64 * 1024 * 1024 })
  expect(stderr, 'GDAL reported an error').not.toMatch(/^ERROR/m)
  const requests = [...stderr.matchAll(/HTTP: Fetch\((\S+?)\)\s*$/gm)].map((m) => decodeURIComponent(m[1]!))
  const body = JSON.parse(readFileSync(out, 'utf8')) as { features: { properties: Record<string, unknown>; geometry: { type: string; coordinates: unknown } }[] }
  return { ...body, requests, stderr }
}

async function dbRows(layerId: string, where = 'TRUE') {
  const { rows } = await t.db.query<Record<string, unknown>>(`SELECT "DLBM", "DLMC", "TBMJ"::float8 AS "TBMJ", "BSM" FROM ${layerTable(layerId)} WHERE ${where} ORDER BY fid`)
  return rows
}

describe.runIf(GDAL)(`GDAL OAPIF client (${GDAL ?? 'absent'})`, () => {
  it('ogrinfo lists every collection', async () => {
    // Other test files add and drop layers in the same database meanwhile: compare with the catalog before and after.
    const ids = async () => new Set((await listLayers(t.db, { clearance: 'confidential' })).map((l) => l.id))
    const before = await ids()
    const { stdout } = await run('ogrinfo', ['-ro', '-so', `OAPIF:${root}`], { env: gdalEnv })
    const after = await ids()
    const listed = new Set([...stdout.matchAll(/^\d+: (\S+)/gm)].map((m) => m[1]!))
    expect(listed).toContain(fx.polygons.id)
    expect([...before].filter((id) => after.has(id) && !listed.has(id))).toEqual([])
    expect([...listed].filter((id) => !before.has(id) && !after.has(id))).toEqual([])
  })

  it('ogrinfo reads a layer summary: feature count, extent, fields', async () => {
    const { stdout, stderr } = await run('ogrinfo', ['-ro', '-so', `OAPIF:${root}`, fx.polygons.id], { env: gdalEnv })
    expect(stderr).not.toMatch(/ERROR/)
    expect(stdout).toMatch(/Feature Count: 30/)
    expect(stdout).toMatch(/Extent: \(106\.0+, 38\.0+\) - \(106\.06\d*, 38\.05\d*\)/)
    for (const field of ['DLBM: String', 'DLMC: String', 'TBMJ: Real', 'BSM: Integer', 'GXSJ: Date']) expect(stdout).toContain(field)
  })

  it('ogr2ogr downloads a whole collection, paging through it, with its attributes and Chinese text intact', async () => {
    const out = await ogr2ogr('all', `OAPIF:${root}`, fx.polygons.id)
    const expected = await dbRows(fx.polygons.id)
    expect(out.features).toHaveLength(expected.length)
    expect(out.features.map((f) => ({ DLBM: f.properties.DLBM, DLMC: f.properties.DLMC, TBMJ: f.properties.TBMJ, BSM: f.properties.BSM }))).toEqual(expected)
    expect(out.features.map((f) => f.properties.DLMC)).toContain('乔木林地')
    expect(out.features[0]!.geometry.coordinates).toEqual([[[[106, 38], [106.01, 38], [106.01, 38.01], [106, 38.01], [106, 38]]]])
  })

  it('ogr2ogr pages through a layer larger than its page size', async () => {
    const out = await ogr2ogr('many', `OAPIF:${root}`, fx.many.id, '-oo', 'PAGE_SIZE=400')
    expect(out.features).toHaveLength(fx.manyCount)
    expect(new Set(out.features.map((f) => f.properties.N)).size).toBe(fx.manyCount)
  })

  it('ogr2ogr -where sends an attribute filter the server applies (?DLBM=… from the OpenAPI parameters)', async () => {
    const out = await ogr2ogr('where', `OAPIF:${root}`, fx.polygons.id, '-where', "DLMC = '旱地'")
    const expected = await dbRows(fx.polygons.id, `"DLMC" = '旱地'`)
    expect(out.features.map((f) => f.properties.BSM)).toEqual(expected.map((r) => r.BSM))
    expect(out.features).toHaveLength(6)
    // GDAL fetches a first page unfiltered to learn the schema; every request after the filter is set carries it.
    const filteredPages = out.requests.slice(out.requests.findIndex((u) => u.endsWith('/ogc/api')))
    expect(filteredPages.filter((u) => u.includes('/items?'))).not.toHaveLength(0)
    expect(filteredPages.filter((u) => u.includes('/items?')).every((u) => u.includes('DLMC=旱地'))).toBe(true)
    expect(out.stderr).not.toMatch(/ERROR|evaluated on client side/)
  })

  it('ogr2ogr with a CQL2 filter in the connection URL gets only the matching features', async () => {
    const filter = encodeURIComponent("TBMJ > 1200 AND DLMC <> '水田'")
    const out = await ogr2ogr('cql2', `OAPIF:${root}?filter=${filter}&filter-lang=cql2-text`, fx.polygons.id)
    const expected = await dbRows(fx.polygons.id, `"TBMJ" > 1200 AND "DLMC" <> '水田'`)
    expect(expected.length).toBeGreaterThan(0)
    expect(out.features.map((f) => f.properties.BSM)).toEqual(expected.map((r) => r.BSM))
    expect(out.requests.filter((u) => u.includes('/items?')).every((u) => u.includes("filter=TBMJ > 1200 AND DLMC <> '水田'"))).toBe(true)
  })

  it('ogr2ogr -spat sends a bbox', async () => {
    const out = await ogr2ogr('spat', `OAPIF:${root}`, fx.polygons.id, '-spat', '106.015', '38.005', '106.025', '38.015')
    expect(out.features.map((f) => f.properties.BSM).sort()).toEqual([2, 3, 8, 9])
    expect(out.requests.some((u) => /\/items\?.*bbox=106\.015/.test(u))).toBe(true)
  })
})
