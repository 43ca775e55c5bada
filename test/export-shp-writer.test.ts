import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import iconv from 'iconv-lite'
import { afterAll, describe, expect, it } from 'vitest'
import type { ExportRow, ExportSchema, ShapefileEncoding } from '../server/exports/export.types.js'
import { writeShapefile } from '../server/exports/shapefile.writer.js'
import { ProblemError } from '../server/errors/problem.js'
import { gdalFieldTypes, gdalRead, GDAL_VERSION } from './export-gdal.js'

const root = mkdtempSync(join(tmpdir(), 'onemap-shp-writer-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))
let folders = 0

async function* batches(rows: ExportRow[], size = 2) {
  for (let i = 0; i < rows.length; i += size) yield rows.slice(i, i + size)
}
async function write(schema: ExportSchema, rows: ExportRow[], encoding: ShapefileEncoding, maxFileBytes?: number) {
  const dir = join(root, String(++folders))
  mkdirSync(dir)
  const output = await writeShapefile(schema, batches(rows), { dir, encoding, maxFileBytes })
  return { dir, output, shp: join(dir, `${schema.name}.shp`) }
}

const LONG = 'a' + '地'.repeat(200)
const chineseSchema: ExportSchema = {
  name: 'cn',
  geometryType: 'Point',
  srid: 4490,
  crsUri: 'http://www.opengis.net/def/crs/EPSG/0/4490',
  fields: [
    { name: '坐落单位名称', type: 'text', stats: { maxBytes: 30 } },
    { name: '坐落单位名称代码', type: 'text', stats: { maxBytes: 60 } },
    { name: '备注', type: 'text', stats: { maxBytes: 601 } },
  ],
}
const chineseRows: ExportRow[] = [
  { properties: { 坐落单位名称: '银川市', 坐落单位名称代码: '640104', 备注: LONG }, geometry: { type: 'Point', coordinates: [106.2, 38.4] } },
  { properties: { 坐落单位名称: '生僻字𠀀😀', 坐落单位名称代码: null, 备注: '短' }, geometry: { type: 'Point', coordinates: [106.3, 38.5] } },
]

describe.each([
  { encoding: 'gbk' as const, names: ['坐落单位名', '坐落单位_1', '备注'], kept: 'a' + '地'.repeat(126) },
  { encoding: 'utf-8' as const, names: ['坐落单', '坐落_1', '备注'], kept: 'a' + '地'.repeat(84) },
])('DBF with Chinese field names, encoding $encoding', ({ encoding, names, kept }) => {
  it.skipIf(!GDAL_VERSION)('is read by GDAL with the shortened Chinese names and the values, long text cut on a character boundary', async () => {
    const { output, shp, dir } = await write(chineseSchema, chineseRows, encoding)
    const read = gdalRead(shp)
    expect(Object.keys(read.features[0].properties!)).toEqual(names)
    expect(read.features[0].properties![names[0]]).toBe('银川市')
    expect(read.features[0].properties![names[2]]).toBe(kept)
    expect(iconv.encode(kept, encoding).length).toBe(253)
    expect(gdalFieldTypes(shp)[names[2]]).toBe('String (254.0)')
    expect(output.warnings[0]).toBe('备注: 1 value(s) longer than 254 bytes were cut to fit the DBF.')
    expect(readFileSync(join(dir, 'warnings.txt'), 'utf8')).toContain('备注: 1 value(s) longer than 254 bytes')
    expect(readFileSync(join(dir, 'fields.csv'), 'utf8')).toContain(`坐落单位名称代码,${names[1]}\r\n`)
  })

  it.skipIf(!GDAL_VERSION)(encoding === 'gbk' ? 'reports characters GBK lacks' : 'keeps characters outside GBK', async () => {
    const { output, shp } = await write(chineseSchema, chineseRows, encoding)
    const value = gdalRead(shp).features[1].properties![names[0]]
    if (encoding === 'utf-8') {
      expect(value).toBe('生僻字𠀀😀')
      expect(output.warnings.filter((w) => w.includes('lacks'))).toEqual([])
    } else {
      expect(value).toBe('生僻字??')
      expect(output.warnings).toContain(`坐落单位名称: 1 value(s) hold characters the chosen encoding lacks, written as '?'; export with encoding=utf-8 to keep them.`)
    }
  })
})

describe('shapefile limits', () => {
  const polygonSchema: ExportSchema = { ...chineseSchema, name: 'big', geometryType: 'Polygon', fields: [] }
  const square = { type: 'Polygon' as const, coordinates: [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]] }

  it('refuses with 413 when a file would pass the size limit', async () => {
    const rows = Array.from({ length: 100 }, () => ({ properties: {}, geometry: square }))
    const error = await write(polygonSchema, rows, 'gbk', 4000).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ProblemError)
    expect((error as ProblemError).status).toBe(413)
    expect((error as ProblemError).message).toMatch(/\.shp part would exceed 4000 bytes .*2 GB.*filter or bbox/)
  })

  it('refuses with 400 a geometry that does not fit the one shape type of the file', async () => {
    const rows = [{ properties: {}, geometry: { type: 'LineString' as const, coordinates: [[0, 0], [1, 1]] } }]
    const error = (await write(polygonSchema, rows, 'gbk').catch((e: unknown) => e)) as ProblemError
    expect(error.status).toBe(400)
    expect(error.message).toMatch(/POLYGON shapefile cannot hold a LineString/)
  })

  it('refuses more than 255 attributes with 400, pointing to properties=', async () => {
    const many = { ...polygonSchema, fields: Array.from({ length: 256 }, (_, i) => ({ name: `F${i}`, type: 'integer' as const })) }
    const error = (await write(many, [], 'gbk').catch((e: unknown) => e)) as ProblemError
    expect(error.status).toBe(400)
    expect(error.message).toMatch(/at most 255 attributes.*properties=/)
  })

  it.skipIf(!GDAL_VERSION)('writes an empty layer and multipoints that GDAL reads', async () => {
    expect(gdalRead((await write(polygonSchema, [], 'utf-8')).shp).features).toEqual([])
    const multi = { ...polygonSchema, name: 'mp', geometryType: 'MultiPoint' as const }
    const rows = [{ properties: {}, geometry: { type: 'MultiPoint' as const, coordinates: [[1, 2], [3, 4]] } }]
    expect(gdalRead((await write(multi, rows, 'gbk')).shp).features[0].geometry).toEqual(rows[0].geometry)
  })
})
