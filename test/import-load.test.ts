import { copyFileSync, truncateSync } from 'node:fs'
import { join } from 'node:path'
import type { FeatureCollection, Geometry as GeoJsonGeometry } from 'geojson'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTestApp, type TestApp } from './helpers/test-app.js'
import { uniqueLayerId } from './helpers/test-db.js'
import { corpus, gdalRead, importFile, maxDeviation, rings, tempDir, writeShapefile } from './import-helpers.js'

let t: TestApp
const tmp = tempDir()
beforeAll(async () => {
  t = await openTestApp({ JOB_RUNNER: false, IMPORT_BATCH_SIZE: 7 })
})
afterAll(async () => {
  await t?.close()
  tmp.cleanup()
})

const XZQ_4523 = corpus('derived-ningxia-gbk-cgcs2000/gbk_nocpg_epsg4523/xzq_4523.shp')
const XZQ_4544 = corpus('derived-ningxia-gbk-cgcs2000/gbk_cpg_epsg4544/xzq_4544.shp')
const AMAP = corpus('ningxia-admin-amap-shp/ningxia_district_no_prj_no_cpg/宁夏回族自治区.shp')

async function stored(layer: string) {
  const { rows } = await t.db.query<{ fid: number; name: string | null; geom: string | null; valid: boolean | null; area: number | null }>(
    `SELECT fid, to_jsonb(l) ->> 'name' AS name, ST_AsGeoJSON(geom, 12) AS geom, ST_IsValid(geom) AS valid, onemap.ellipsoid_area(geom) AS area FROM data.${layer} l ORDER BY fid`,
  )
  return rows.map((r) => ({ ...r, geometry: r.geom ? JSON.parse(r.geom) : null }))
}

async function leftovers(layer: string) {
  const { rows } = await t.db.query<{ tables: number; catalog: number; stages: number }>(
    `SELECT (SELECT count(*) FROM pg_tables WHERE schemaname = 'data' AND tablename = $1) AS tables,
            (SELECT count(*) FROM onemap.layers WHERE id = $1) AS catalog,
            (SELECT count(*) FROM pg_tables WHERE schemaname = 'data' AND tablename LIKE 'imp\\_%') AS stages`,
    [layer],
  )
  return rows[0]
}

describe('Gauss-Krüger shapefiles land in EPSG:4490 where GDAL puts them', () => {
  it('GBK without .cpg, zone 35 with prefix (EPSG:4523): names, coordinates and official areas', async () => {
    const layer = uniqueLayerId('xzq35')
    const { job, report } = await importFile(t.app, XZQ_4523, { layer })
    expect(job.state).toBe('succeeded')
    expect(report.encoding).toMatchObject({ name: 'gbk', source: 'detected' })
    expect(report.crs).toMatchObject({ srid: 4523, source: 'prj', storedAs: 4490 })
    expect(report.features).toMatchObject({ read: 22, written: 22, repaired: 0, nullGeometry: 0 })
    const gdal = await gdalRead(XZQ_4523, { oo: ['ENCODING=CP936'], tSrs: 'EPSG:4490' })
    const rows = await stored(layer)
    expect(rows.map((r) => r.name)).toEqual(gdal.features.map((f) => f.properties!.name))
    expect(rows[0]!.name).toBe('海原县')
    rows.forEach((r, i) => expect(maxDeviation(rings(r.geometry), rings(gdal.features[i]!.geometry))).toBeLessThan(1e-8))
    const sqlTotal = rows.reduce((s, r) => s + Math.round(r.area! * 100), 0) / 100
    expect(report.officialArea!.m2).toBe(sqlTotal)
    expect(report.officialArea!.m2 / 1e6).toBeCloseTo(51999, -2)
  })

  it('zone 35 without prefix (EPSG:4544, .cpg CP936) stores the same geometry as the prefixed file', async () => {
    const [a, b] = [uniqueLayerId('xzq4523'), uniqueLayerId('xzq4544')]
    await importFile(t.app, XZQ_4523, { layer: a })
    const { report } = await importFile(t.app, XZQ_4544, { layer: b })
    expect(report.crs.srid).toBe(4544)
    expect(report.encoding).toMatchObject({ name: 'gbk', source: 'cpg' })
    const [ra, rb] = [await stored(a), await stored(b)]
    ra.forEach((r, i) => expect(maxDeviation(rings(r.geometry), rings(rb[i]!.geometry))).toBeLessThan(1e-9))
  })

  it.each([[4524, 'zone 36 with prefix'], [4545, 'zone 36 without prefix']])('EPSG:%i (%s), GBK without .cpg, made with ogr2ogr', async (srid) => {
    const source = await gdalRead(AMAP, { oo: ['ENCODING=UTF-8'] })
    const shp = await writeShapefile(tmp.dir, `z36_${srid}`, source, { sSrs: 'EPSG:4326', tSrs: `EPSG:${srid}` })
    const { rmSync } = await import('node:fs')
    rmSync(shp.replace(/\.shp$/, '.cpg'))
    const layer = uniqueLayerId(`z36_${srid}`)
    const { report } = await importFile(t.app, shp, { layer })
    expect(report.crs).toMatchObject({ srid, source: 'prj' })
    expect(report.encoding).toMatchObject({ name: 'gbk', source: 'detected' })
    const gdal = await gdalRead(shp, { oo: ['ENCODING=CP936'], tSrs: 'EPSG:4490' })
    const rows = await stored(layer)
    expect(rows.map((r) => r.name)).toEqual(gdal.features.map((f) => f.properties!.name))
    rows.forEach((r, i) => expect(maxDeviation(rings(r.geometry), rings(gdal.features[i]!.geometry))).toBeLessThan(1e-8))
    rows.forEach((r, i) => expect(maxDeviation(rings(r.geometry), rings(source.features[i]!.geometry))).toBeLessThan(1e-7))
  })
})

describe('geometry checks', () => {
  const square = (x: number, y: number) => [[[x, y], [x + 0.01, y], [x + 0.01, y + 0.01], [x, y + 0.01], [x, y]]]
  const fc: FeatureCollection = {
    type: 'FeatureCollection',
    features: [
      { type: 'Feature', properties: { name: 'ok' }, geometry: { type: 'Polygon', coordinates: square(106, 38) } },
      { type: 'Feature', properties: { name: 'bowtie' }, geometry: { type: 'Polygon', coordinates: [[[106.1, 38], [106.11, 38.01], [106.11, 38], [106.1, 38.01], [106.1, 38]]] } },
      { type: 'Feature', properties: { name: 'none' }, geometry: null as unknown as GeoJsonGeometry },
      { type: 'Feature', properties: { name: 'spike' }, geometry: { type: 'Polygon', coordinates: [[[106.2, 38], [106.21, 38], [106.21, 38.01], [106.2, 38.01], [106.2, 38], [106.19, 37.99], [106.2, 38]]] } },
    ],
  }

  it('repairs invalid polygons, lists each with PostGIS reason, and reports null geometries', async () => {
    const shp = await writeShapefile(tmp.dir, 'invalid', fc, { sSrs: 'EPSG:4490' })
    const layer = uniqueLayerId('invalid')
    const { report } = await importFile(t.app, shp, { layer })
    expect(report.features).toMatchObject({ read: 4, written: 4, repaired: 2, nullGeometry: 1 })
    const repaired = report.issues.filter((i) => i.code === 'invalid_geometry_repaired')
    expect(repaired.map((i) => i.feature)).toEqual([2, 4])
    expect(repaired[0]!.message).toMatch(/Self-intersection\[106\.105 38\.005\]/)
    expect(report.issues.find((i) => i.code === 'null_geometry')?.feature).toBe(3)
    const rows = await stored(layer)
    expect(rows.map((r) => r.valid)).toEqual([true, true, null, true])
    expect(rows[1]!.geometry).toMatchObject({ type: 'MultiPolygon', coordinates: { length: 2 } })
    const sqlTotal = rows.reduce((s, r) => s + Math.round((r.area ?? 0) * 100), 0) / 100
    expect(report.officialArea!.m2).toBe(sqlTotal)
  })

  it('refuses a MultiPatch shapefile with a message saying what to export instead', async () => {
    await expect(importFile(t.app, corpus('shapelib-eg-data/multipatch.shp'), { layer: uniqueLayerId('mp'), srs: 'EPSG:3857' })).rejects.toThrow(/MultiPatch.*Export the footprints as a Polygon shapefile/)
  })

  it('drops Z with a note, as 2-D layers store it (shapelib PolyLineZ)', async () => {
    const layer = uniqueLayerId('linez')
    const { report } = await importFile(t.app, corpus('shapelib-eg-data/brklinz.shp'), { layer, srs: 'EPSG:3857' })
    expect(report.geometryType).toBe('MultiLineString')
    expect(report.notes.join(' ')).toMatch(/PolyLineZ: Z and M values were dropped/)
    const { rows } = await t.db.query<{ z: boolean }>(`SELECT bool_or(ST_Zmflag(geom) <> 0) AS z FROM data.${layer}`)
    expect(rows[0]!.z).toBe(false)
  })
})

describe('the approximate GCJ-02 correction', () => {
  it('moves internet-map coordinates back by the public offset, says it is approximate, and refuses projected data', async () => {
    const { fromGcj02, gcj02Offset } = await import('../server/imports/geometry/gcj02.js')
    const layer = uniqueLayerId('gcj')
    const { report } = await importFile(t.app, AMAP, { layer, srs: 'EPSG:4326', gcj02: true })
    expect(report.gcj02Corrected).toBe(true)
    expect(report.notes.join(' ')).toMatch(/APPROXIMATE public formula/)
    const source = await gdalRead(AMAP, { oo: ['ENCODING=UTF-8'] })
    const rows = await stored(layer)
    const gcj = (source.features[0]!.geometry as { coordinates: number[][][] }).coordinates[0]![0]!
    const back = fromGcj02(gcj)
    const first = (rows[0]!.geometry as { coordinates: number[][][][] }).coordinates[0]![0]![0]!
    expect(Math.abs(first[0]! - back[0]!) + Math.abs(first[1]! - back[1]!)).toBeLessThan(1e-9)
    const [dx, dy] = gcj02Offset(back[0]!, back[1]!)
    // The offset in Ningxia is some hundreds of metres, and applying it again returns the GCJ-02 input.
    expect(Math.hypot(dx * 88000, dy * 111000)).toBeGreaterThan(100)
    expect(Math.abs(back[0]! + dx - gcj[0]!) + Math.abs(back[1]! + dy - gcj[1]!)).toBeLessThan(1e-9)
    await expect(importFile(t.app, XZQ_4523, { layer: uniqueLayerId('gcjgk'), gcj02: true })).resolves.toMatchObject({ job: { state: 'failed', error: expect.stringMatching(/GCJ-02 correction applies to longitude\/latitude data/) } })
  })
})

describe('atomic imports', () => {
  it('refuses a truncated .shp before creating anything', async () => {
    for (const ext of ['shx', 'dbf', 'prj']) copyFileSync(XZQ_4523.replace(/shp$/, ext), join(tmp.dir, `cut.${ext}`))
    copyFileSync(XZQ_4523, join(tmp.dir, 'cut.shp'))
    truncateSync(join(tmp.dir, 'cut.shp'), 200_000)
    const layer = uniqueLayerId('cut')
    await expect(importFile(t.app, join(tmp.dir, 'cut.shp'), { layer })).rejects.toThrow(/cut\.shp is truncated: record \d+ of 22 needs bytes up to \d+ but the file has only 200000/)
    expect(await leftovers(layer)).toMatchObject({ tables: 0, catalog: 0 })
  })

  it('a failure in the middle of the load leaves no table, no catalog row and no staging table', async () => {
    const layer = uniqueLayerId('fail')
    // A column type the values cannot take: the database refuses batch 2 of 4.
    const { job } = await importFile(t.app, XZQ_4523, { layer }, (plan) => {
      plan.fields.find((f) => f.column === 'level')!.type = 'integer'
    })
    expect(job.state).toBe('failed')
    expect(job.error).toMatch(/does not fit its column/)
    expect(await leftovers(layer)).toEqual({ tables: 0, catalog: 0, stages: 0 })
  })

  it('replace keeps the old version serving when the new one fails, and swaps it in when it succeeds', async () => {
    const layer = uniqueLayerId('rep')
    await importFile(t.app, XZQ_4523, { layer })
    const before = (await t.app.inject({ url: `/api/layers/${layer}` })).json()
    const { job } = await importFile(t.app, XZQ_4544, { layer, mode: 'replace' }, (plan) => {
      plan.fields.find((f) => f.column === 'level')!.type = 'integer'
    })
    expect(job.state).toBe('failed')
    expect((await t.app.inject({ url: `/api/layers/${layer}` })).json()).toMatchObject({ featureCount: 22, dataVersion: before.dataVersion })
    expect(await leftovers(layer)).toEqual({ tables: 1, catalog: 1, stages: 0 })
    const amapLayer = await importFile(t.app, AMAP, { layer, mode: 'replace', srs: 'EPSG:4326', title: '区县' })
    expect(amapLayer.job.state).toBe('succeeded')
    const after = (await t.app.inject({ url: `/api/layers/${layer}` })).json()
    expect(after.dataVersion).toBeGreaterThan(before.dataVersion)
    expect(after).toMatchObject({ featureCount: 22, title: { zh: '区县' } })
    expect(await leftovers(layer)).toEqual({ tables: 1, catalog: 1, stages: 0 })
  })

  it('append adds the features to the layer in one step', async () => {
    const layer = uniqueLayerId('app')
    await importFile(t.app, XZQ_4523, { layer })
    const { report } = await importFile(t.app, XZQ_4544, { layer, mode: 'append' })
    expect(report.features.written).toBe(22)
    expect((await t.app.inject({ url: `/api/layers/${layer}` })).json().featureCount).toBe(44)
    expect(await leftovers(layer)).toMatchObject({ stages: 0 })
  })

  it('create refuses an existing layer id (409) and replace/append a missing one (404)', async () => {
    const layer = uniqueLayerId('dup')
    await importFile(t.app, XZQ_4523, { layer })
    await expect(importFile(t.app, XZQ_4523, { layer })).rejects.toMatchObject({ status: 409, message: expect.stringMatching(/already exists.*replace/) })
    await expect(importFile(t.app, XZQ_4523, { layer: uniqueLayerId('nope'), mode: 'append' })).rejects.toMatchObject({ status: 404 })
  })
})
