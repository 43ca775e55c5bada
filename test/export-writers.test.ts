import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { writeCsv } from '../server/exports/csv.writer.js'
import { attachmentHeader } from '../server/exports/content-disposition.js'
import { esriPrj } from '../server/exports/esri-prj.js'
import type { ExportRow, ExportSchema } from '../server/exports/export.types.js'
import { shapefileFieldNames } from '../server/exports/field-names.js'
import { writeGeoJson } from '../server/exports/geojson.writer.js'
import { truncateToBytes } from '../server/exports/text-encoding.js'
import { CRS84_URI, SUPPORTED_CRS } from '../server/crs/crs.js'
import { gdalEsriWkt, gdalEpsg, gdalRead, GDAL_VERSION } from './export-gdal.js'

const dir = mkdtempSync(join(tmpdir(), 'onemap-export-writers-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

async function text(chunks: AsyncGenerator<string>): Promise<string> {
  let out = ''
  for await (const chunk of chunks) out += chunk
  return out
}
async function* batches(rows: ExportRow[]) {
  yield rows.slice(0, 1)
  yield rows.slice(1)
}

const schema: ExportSchema = {
  name: 'writer_test',
  geometryType: 'Polygon',
  srid: 4523,
  crsUri: 'http://www.opengis.net/def/crs/EPSG/0/4523',
  fields: [
    { name: 'ZLDWMC', type: 'text' },
    { name: 'TBMJ', type: 'decimal' },
    { name: 'N', type: 'integer' },
    { name: 'D', type: 'date' },
  ],
}
const rows: ExportRow[] = [
  {
    id: 7,
    properties: { ZLDWMC: '银川市兴庆区, "掌政镇"\n第二行', TBMJ: 1234.56, N: -3, D: '2024-03-05' },
    geometry: { type: 'Polygon', coordinates: [[[35500000.5, 4200000.25], [35500100, 4200000.25], [35500100, 4200100], [35500000.5, 4200000.25]]] },
  },
  { id: 8, properties: { ZLDWMC: null, TBMJ: null, N: null, D: null }, geometry: null },
]

describe('shapefile field names (≤ 10 bytes in the chosen encoding)', () => {
  const names = ['DLBM', 'ZLDWMC_LONGNAME', 'ZLDWMC_LONGNAME2', '坐落单位名称', '坐落单位名称代码', 'ZLDWMC_LON']

  it('keeps names that fit, cuts long ones on a character boundary and numbers clashes', () => {
    expect(shapefileFieldNames(names, 'gbk')).toEqual(['DLBM', 'ZLDWMC_L_1', 'ZLDWMC_L_2', '坐落单位名', '坐落单位_1', 'ZLDWMC_LON'])
    expect(shapefileFieldNames(names, 'utf-8')).toEqual(['DLBM', 'ZLDWMC_L_1', 'ZLDWMC_L_2', '坐落单', '坐落_1', 'ZLDWMC_LON'])
  })

  it('compares case-insensitively, as DBF readers do, and is the same every time', () => {
    const mixed = ['name', 'NAME', 'Name_of_the_parcel', 'NAME_OF_THE_PARCEL_2']
    const first = shapefileFieldNames(mixed, 'gbk')
    expect(first).toEqual(['name', 'NAME_1', 'Name_of_th', 'NAME_OF__1'])
    expect(new Set(first.map((n) => n.toUpperCase())).size).toBe(mixed.length)
    expect(shapefileFieldNames(mixed, 'gbk')).toEqual(first)
  })

  it('never splits a character when cutting text to a byte budget', () => {
    expect(truncateToBytes('a坐落单位', 4, 'gbk')).toBe('a坐')
    expect(truncateToBytes('a坐落单位', 4, 'utf-8')).toBe('a坐')
    expect(truncateToBytes('a坐落单位', 3, 'utf-8')).toBe('a')
    expect(truncateToBytes('𠀀x', 3, 'utf-8')).toBe('')
  })
})

describe('CSV writer', () => {
  it('writes RFC 4180 UTF-8 with a BOM, geometry as WKT first, nulls as empty cells', async () => {
    const csv = await text(writeCsv(schema, batches(rows), 'wkt'))
    expect(csv.startsWith('\uFEFFWKT,ZLDWMC,TBMJ,N,D\r\n')).toBe(true)
    expect(csv).toContain('"POLYGON ((35500000.5 4200000.25, 35500100 4200000.25, 35500100 4200100, 35500000.5 4200000.25))",')
    expect(csv).toContain(',"银川市兴庆区, ""掌政镇""\n第二行",1234.56,-3,2024-03-05\r\n')
    expect(csv.endsWith('\r\n,,,,\r\n')).toBe(true)
  })

  it('leaves the geometry out with geometry=none and renames the WKT column if an attribute is called WKT', async () => {
    const csv = await text(writeCsv(schema, batches(rows), 'none'))
    expect(csv.split('\r\n')[0]).toBe('\uFEFFZLDWMC,TBMJ,N,D')
    const clash = { ...schema, fields: [{ name: 'wkt', type: 'text' as const }] }
    expect((await text(writeCsv(clash, batches(rows), 'wkt'))).split('\r\n')[0]).toBe('\uFEFFWKT_GEOM,wkt')
  })

  it.skipIf(!GDAL_VERSION)('is read by GDAL with the same values and geometry', async () => {
    const path = join(dir, 'rows.csv')
    writeFileSync(path, await text(writeCsv(schema, batches(rows), 'wkt')))
    const read = gdalRead(path)
    expect(read.features).toHaveLength(2)
    expect(read.features[0].properties).toMatchObject({ ZLDWMC: rows[0].properties.ZLDWMC, TBMJ: '1234.56', N: '-3', D: '2024-03-05' })
    expect(read.features[0].geometry).toEqual(rows[0].geometry)
    expect(read.features[1].geometry).toBeNull()
  })
})

describe('GeoJSON writer', () => {
  it('streams a FeatureCollection with ids, all fields and the CRS named when it is not CRS84', async () => {
    const json = JSON.parse(await text(writeGeoJson(schema, batches(rows))))
    expect(json.crs).toEqual({ type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::4523' } })
    expect(json.features.map((f: { id: number }) => f.id)).toEqual([7, 8])
    expect(json.features[1]).toEqual({ type: 'Feature', id: 8, properties: { ZLDWMC: null, TBMJ: null, N: null, D: null }, geometry: null })
    const crs84 = JSON.parse(await text(writeGeoJson({ ...schema, srid: 4326, crsUri: CRS84_URI }, batches([]))))
    expect(crs84).toEqual({ type: 'FeatureCollection', name: 'writer_test', features: [] })
  })

  it.skipIf(!GDAL_VERSION)('is read by GDAL in the CRS it names', async () => {
    const path = join(dir, 'rows.geojson')
    writeFileSync(path, await text(writeGeoJson(schema, batches(rows))))
    const read = gdalRead(path)
    expect(gdalEpsg(read)).toBe(4523)
    expect(read.features[0].properties).toMatchObject({ ZLDWMC: rows[0].properties.ZLDWMC, TBMJ: 1234.56, N: -3 })
    expect(read.features[0].geometry).toEqual(rows[0].geometry)
  })
})

describe('ESRI .prj text', () => {
  const codes = [...new Set(SUPPORTED_CRS.map((c) => c.srid))]

  it('exists for every CRS OneMap exports', () => {
    expect(codes.filter((srid) => !esriPrj(srid))).toEqual([])
  })

  // Each Gauss-Krüger family is one formula: its first and last zones and Ningxia's zones check it.
  const sample = [4490, 4326, 3857, 4491, 4501, 4502, 4512, 4513, 4533, 4534, 4554, 4496, 4507, 4523, 4524, 4544, 4545]

  it.skipIf(!GDAL_VERSION)('is exactly what GDAL writes for the EPSG code (geographic, Web Mercator, each Gauss-Krüger family)', () => {
    for (const srid of sample) expect(esriPrj(srid), `EPSG:${srid}`).toBe(gdalEsriWkt(srid))
  })
})

describe('Content-Disposition', () => {
  it('adds an RFC 8187 filename* only for names outside ASCII', () => {
    expect(attachmentHeader('dltb-2025-01-02.zip')).toBe('attachment; filename="dltb-2025-01-02.zip"')
    expect(attachmentHeader('地类图斑-2025.zip')).toBe(`attachment; filename="____-2025.zip"; filename*=UTF-8''%E5%9C%B0%E7%B1%BB%E5%9B%BE%E6%96%91-2025.zip`)
  })
})
