import { execFile } from 'node:child_process'
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import Sqlite from 'better-sqlite3'
import type { FeatureCollection } from 'geojson'
import { describe, expect, it } from 'vitest'
import { layerTable } from '../server/catalog/sql-names.js'
import { uniqueLayerId } from './helpers/test-db.js'
import { corpus, importFile, maxDeviation, readSource, rings, useImportApp } from './import-helpers.js'

const run = promisify(execFile)
const NE = corpus('ogc-cql2-ats', 'data', 'ne110m4cql2.gpkg')
const TABLES = ['ne_110m_admin_0_countries', 'ne_110m_populated_places_simple', 'ne_110m_rivers_lake_centerlines']

const t = useImportApp()

/** What GDAL reads from one table of a GeoPackage (optionally reprojected). */
async function gdalTable(path: string, table: string, tSrs?: string): Promise<FeatureCollection> {
  const args = ['-f', 'GeoJSON', '/vsistdout/', path, table, ...(tSrs ? ['-t_srs', tSrs] : [])]
  return JSON.parse((await run('ogr2ogr', args, { maxBuffer: 64 << 20 })).stdout) as FeatureCollection
}

/** A GeoPackage made by GDAL from a file (shapefile, GeoJSON…) with extra ogr2ogr arguments. */
async function gpkgFrom(source: string, name: string, args: string[] = []): Promise<string> {
  const out = join(t.dir, `${name}.gpkg`)
  await run('ogr2ogr', ['-f', 'GPKG', out, source, '-nln', name, ...args])
  return out
}

const refusal = (path: string, request = {}) => readSource(path, request).then(() => 'accepted', (e: Error) => e.message)

describe('GeoPackage import: reading, compared with GDAL', () => {
  it.each(TABLES)('%s: every feature, attribute and coordinate as GDAL reads them', async (table) => {
    const { plan, rows } = await readSource(NE, { entry: table })
    const gdal = await gdalTable(NE, table)
    expect(plan.files.format).toBe('geopackage')
    expect(plan.crs).toMatchObject({ srid: 4326, source: 'prj' })
    expect(rows.length).toBe(gdal.features.length)
    expect(plan.featureCount).toBe(gdal.features.length)
    rows.forEach((row, i) => {
      const theirs = gdal.features[i]!
      for (const f of plan.fields) {
        const mine = row.properties![f.source]
        const expected = theirs.properties![f.source]
        if (f.type === 'boolean') expect(mine, `${table} ${i} ${f.source}`).toBe(expected === null ? null : Boolean(expected))
        else if (f.type === 'timestamp') expect(mine === null ? null : Date.parse(String(mine)), `${table} ${i} ${f.source}`).toBe(expected === null ? null : Date.parse(String(expected)))
        else expect(mine ?? null, `${table} ${i} ${f.source}`).toEqual(expected ?? null)
      }
      expect(maxDeviation(rings(row.geometry), rings(theirs.geometry)), `${table} feature ${i}`).toBeLessThan(1e-12)
    })
  })

  it('a GeoPackage with several feature tables is refused until one is chosen, naming them', async () => {
    expect(await refusal(NE)).toMatch(/holds 3 feature tables \("ne_110m_admin_0_countries", "ne_110m_populated_places_simple", "ne_110m_rivers_lake_centerlines"\): choose one with the entry option/)
    expect(await refusal(NE, { entry: 'nope' })).toMatch(/has no feature table "nope"; it has "ne_110m_admin_0_countries"/)
  })

  it('reads a GBK-origin layer in CGCS2000 Gauss-Krüger zone 36 with its Chinese names, placed where GDAL puts it in EPSG:4490', async () => {
    const gpkg = await gpkgFrom(corpus('derived-ningxia-gbk-cgcs2000', 'gbk_cpg_epsg4544', 'xzq_4544.shp'), 'xzq')
    const { plan, rows } = await readSource(gpkg)
    expect(plan.crs.srid).toBe(4544)
    const gdal = await gdalTable(gpkg, 'xzq')
    expect(rows.map((r) => r.properties!['NAME'] ?? r.properties!['name'])).toEqual(gdal.features.map((f) => f.properties!['NAME'] ?? f.properties!['name']))
    expect(JSON.stringify(rows.map((r) => r.properties))).toMatch(/[\u4e00-\u9fff]/)

    const layer = uniqueLayerId('gpkg_gk')
    const { job, report } = await importFile(t.app, gpkg, { layer })
    expect(job.state, job.error ?? '').toBe('succeeded')
    expect(report).toMatchObject({ format: 'geopackage', crs: { srid: 4544, storedAs: 4490 }, features: { written: gdal.features.length } })
    const stored = await t.db.query<{ g: string }>(`SELECT ST_AsGeoJSON(geom, 12) AS g FROM ${layerTable(layer)} ORDER BY fid`)
    const expected = await gdalTable(gpkg, 'xzq', 'EPSG:4490')
    stored.rows.forEach((r, i) => expect(maxDeviation(rings(JSON.parse(r.g)), rings(expected.features[i]!.geometry))).toBeLessThan(1e-7))
    // Official areas of the stored geometries, as the canonical SQL computes them.
    const { rows: [sum] } = await t.db.query<{ m2: string }>(`SELECT sum(onemap.ellipsoid_area(geom))::text AS m2 FROM ${layerTable(layer)}`)
    expect(report.officialArea!.m2).toBeCloseTo(Number(sum!.m2), 1)
  })
})

describe('GeoPackage import: the whole pipeline', () => {
  it('imports a table of a multi-table GeoPackage as a layer, with typed columns', async () => {
    const layer = uniqueLayerId('gpkg_pp')
    const { job, report } = await importFile(t.app, NE, { layer, entry: 'ne_110m_populated_places_simple' })
    expect(job.state, job.error ?? '').toBe('succeeded')
    expect(report).toMatchObject({ format: 'geopackage', geometryType: 'Point', features: { read: 243, written: 243 } })
    const columns = await t.db.query<{ column_name: string; data_type: string }>(`SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = 'data' AND table_name = $1`, [layer])
    const types = Object.fromEntries(columns.rows.map((c) => [c.column_name, c.data_type]))
    expect(types['name']).toBe('text')
    expect(types['pop_max']).toMatch(/bigint|integer/)
    expect(types['boolean']).toBe('boolean')
    // A thematic layer (the default kind) goes under "other" in the layer tree.
    expect((await t.db.query<{ group_id: string }>('SELECT group_id FROM onemap.layers WHERE id = $1', [layer])).rows[0]!.group_id).toBe('other')
    const { rows } = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${layerTable(layer)} WHERE name = 'København'`)
    expect(rows[0]!.n).toBe(1)
  })

  it('uploads a .gpkg through the API', async () => {
    const base = await t.app.listen({ host: '127.0.0.1', port: 0 })
    const form = new FormData()
    const layer = uniqueLayerId('gpkg_api')
    form.set('layer', layer)
    form.set('entry', 'ne_110m_rivers_lake_centerlines')
    form.set('file', new Blob([new Uint8Array(readFileSync(NE))]), 'natural-earth.gpkg')
    const res = await fetch(`${base}/api/imports`, { method: 'POST', body: form })
    const body = await res.json() as { params: { inspection: Record<string, unknown> } }
    expect(res.status, JSON.stringify(body)).toBe(202)
    expect(body.params.inspection).toMatchObject({ format: 'geopackage', geometryType: 'MultiLineString', crs: { srid: 4326 } })
  })
})

describe('GeoPackage import: files nobody on the team made', () => {
  it('no coordinate system: refused with advice read from the coordinates (eight-digit eastings → zone prefix)', async () => {
    const dir = join(t.dir, 'noprj')
    await run('mkdir', ['-p', dir])
    for (const ext of ['shp', 'shx', 'dbf']) copyFileSync(corpus('derived-ningxia-gbk-cgcs2000', 'gbk_nocpg_epsg4523', `xzq_4523.${ext}`), join(dir, `xzq.${ext}`))
    const gpkg = await gpkgFrom(join(dir, 'xzq.shp'), 'noprj')
    expect(await refusal(gpkg)).toMatch(/no usable coordinate system.*eight digits.*EPSG:4523/)
    expect((await readSource(gpkg, { srs: 'EPSG:4523' })).plan.crs).toMatchObject({ srid: 4523, source: 'option' })
  })

  it('Z is dropped with a note; a layer declared GEOMETRY must say which kind to keep', async () => {
    const src = join(t.dir, 'mixed.geojson')
    writeFileSync(src, JSON.stringify({
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: { k: 1 }, geometry: { type: 'Point', coordinates: [106.2, 38.4, 1100] } },
        { type: 'Feature', properties: { k: 2 }, geometry: { type: 'Polygon', coordinates: [[[106, 38, 1], [106.1, 38, 1], [106.1, 38.1, 1], [106, 38, 1]]] } },
      ],
    }))
    const gpkg = await gpkgFrom(src, 'mixed', ['-nlt', 'GEOMETRYZ'])
    expect(await refusal(gpkg)).toMatch(/declares its geometry as GEOMETRY.*Choose it with the geometry option/)
    const { plan, rows } = await readSource(gpkg, { geometry: 'polygon' })
    expect(plan.geometryType).toBe('MultiPolygon')
    expect(plan.notes.join(' ')).toMatch(/Z ordinates; they were dropped/)
    expect(rows[1]!.geometry).toEqual({ type: 'Polygon', coordinates: [[[106, 38], [106.1, 38], [106.1, 38.1], [106, 38]]] })
  })

  it('an SQLite database that is no GeoPackage, a truncated one and a renamed text file are refused by name', async () => {
    const plain = join(t.dir, 'plain.gpkg')
    const db = new Sqlite(plain)
    db.exec('CREATE TABLE t (a int); INSERT INTO t VALUES (1)')
    db.close()
    expect(await refusal(plain)).toMatch(/plain.gpkg is an SQLite database but not a GeoPackage/)

    const truncated = join(t.dir, 'truncated.gpkg')
    writeFileSync(truncated, readFileSync(NE).subarray(0, 40_000))
    expect(await refusal(truncated, { entry: TABLES[0] })).toMatch(/truncated.gpkg cannot be read as a GeoPackage|truncated.gpkg.*damaged/)

    const text = join(t.dir, 'text.gpkg')
    writeFileSync(text, 'not a database at all')
    expect(await refusal(text)).toMatch(/text.gpkg is not a GeoPackage \(it does not start with the SQLite header\)/)
  })
})
