import { describe, expect, it } from 'vitest'
import { corpus, gdalOpens, gdalRead, maxDeviation, readSource, rings } from './import-helpers.js'

/** Shapefiles of the third-party corpora that GDAL opens (they have .shp, .shx and .dbf). */
const SHAPEFILES = [
  ...['boolean-property', 'date-property', 'empty', 'latin1-property', 'mixed-properties', 'multipoints', 'null', 'number-property', 'points', 'polygons', 'polylines', 'string-property', 'utf8-property']
    .map((f) => ['shapefile-mbostock-fixtures', `${f}.shp`]),
  ...['LGA_2013_AUST', 'codepage', 'utf', 'ipra_dresden_polygon', 'counties', 'senate', 'export_multipointz', 'export_polylinez'].map((f) => ['shapefile-js-testdata', `${f}.shp`]),
  ['pyshp-testdata', 'corrupt_too_long.shp'],
  ...['3dpoints', 'masspntz', 'brklinz', 'multipnt', 'anno', 'pline', 'polygon', 'csah', 'CoHI_GCS12', 'mexico/cities', 'mexico/states', 'mexico/roads', 'mexico/rivers']
    .map((f) => ['shapelib-eg-data', `${f}.shp`]),
  ['ningxia-admin-amap-shp', 'ningxia_district_no_prj_no_cpg/宁夏回族自治区.shp'],
  ['ningxia-admin-amap-shp', 'china_country_prj_wgs84_but_gcj02/country.shp'],
  ['derived-ningxia-gbk-cgcs2000', 'gbk_cpg_epsg4544/xzq_4544.shp'],
  ['derived-ningxia-gbk-cgcs2000', 'gbk_nocpg_epsg4523/xzq_4523.shp'],
  ['derived-ningxia-gbk-cgcs2000', 'utf8_epsg4490/xzq_4490.shp'],
  ['shapefile-js-testdata', 'SHP_Exclude.zip'],
  ['shapefile-js-testdata', 'T8Th4_6n.zip', 'export/POLYLINE.shp'],
  ['shapefile-js-testdata', 'mixedcase.zip'],
  ['shapefile-js-testdata', 'qgis.zip'],
  ['shapefile-js-testdata', 'zero-len-line.zip'],
] as [string, string, string?][]

/**
 * GDAL writes dates as YYYY/MM/DD and keeps dBASE logicals as their letter (GDAL 3.6); the importer
 * stores ISO dates and booleans (T/Y true, F/N false, ? null).
 */
function gdalValue(v: unknown, type: string | undefined): unknown {
  if (type === 'boolean' && typeof v === 'string') return /^[TtYy]$/.test(v) ? true : /^[FfNn]$/.test(v) ? false : null
  return typeof v === 'string' && /^\d{4}\/\d{2}\/\d{2}$/.test(v) ? v.replace(/\//g, '-') : v
}

describe('shapefile corpora: the importer reads what GDAL reads', () => {
  it.each(SHAPEFILES)('%s/%s', async (folder, file, inner) => {
    const path = corpus(folder, file)
    // The CRS is irrelevant here (several files have none); 3857 is accepted for any coordinates.
    const { plan, rows } = await readSource(path, { srs: 'EPSG:3857' })
    // Decoding is compared under the importer's choice of encoding; the choice itself is tested below.
    const gdal = await gdalRead(inner ? `/vsizip/${path}/${inner}` : path, { oo: plan.encoding ? [`ENCODING=${plan.encoding.name}`] : [] })
    const types = new Map(plan.fields.map((f) => [f.source, f.type]))
    expect(rows.length).toBe(gdal.features.length)
    expect(plan.featureCount).toBe(gdal.features.length)
    rows.forEach((row, i) => {
      const g = gdal.features[i]!
      for (const [name, value] of Object.entries(g.properties ?? {})) expect(row.properties![name], `feature ${i + 1} ${name}`).toEqual(gdalValue(value, types.get(name)))
      expect(maxDeviation(rings(row.geometry), rings(g.geometry))).toBeLessThan(1e-9)
    })
  })
})

describe('encoding of the attribute table', () => {
  it('detects UTF-8 in a DBF that declares nothing (no .cpg, LDID 0)', async () => {
    const { plan, rows } = await readSource(corpus('ningxia-admin-amap-shp/ningxia_district_no_prj_no_cpg/宁夏回族自治区.shp'), { srs: 'EPSG:4326' })
    expect(plan.encoding).toMatchObject({ name: 'utf-8', source: 'detected' })
    expect(rows[0]!.properties).toMatchObject({ name: '海原县', adcode: '640522' })
  })

  it('detects GBK when there is no .cpg, and takes CP936 from a .cpg', async () => {
    const nocpg = await readSource(corpus('derived-ningxia-gbk-cgcs2000/gbk_nocpg_epsg4523/xzq_4523.shp'))
    expect(nocpg.plan.encoding).toMatchObject({ name: 'gbk', source: 'detected' })
    const cpg = await readSource(corpus('derived-ningxia-gbk-cgcs2000/gbk_cpg_epsg4544/xzq_4544.shp'))
    expect(cpg.plan.encoding).toMatchObject({ name: 'gbk', source: 'cpg' })
    expect(nocpg.rows.map((r) => r.properties!.name)).toEqual(cpg.rows.map((r) => r.properties!.name))
    expect(nocpg.rows[0]!.properties!.name).toBe('海原县')
    expect(nocpg.rows.map((r) => r.properties!.prname)).toContain('宁夏回族自治区')
  })

  it('reads ISO-8859-1 text without a .cpg as GDAL does, and honours an ANSI 1250 .cpg', async () => {
    const latin1 = await readSource(corpus('shapefile-mbostock-fixtures/latin1-property.shp'))
    expect(latin1.rows[0]!.properties!.name).toBe('México')
    const gdal = await gdalRead(corpus('shapefile-mbostock-fixtures/latin1-property.shp'))
    expect(latin1.rows[0]!.properties!.name).toBe(gdal.features[0]!.properties!.name)
    const cp1250 = await readSource(corpus('shapefile-js-testdata/codepage.shp'))
    expect(cp1250.plan.encoding).toMatchObject({ name: 'windows-1250', source: 'cpg' })
    expect(cp1250.rows.map((r) => r.properties!.field)).toEqual(['??', 'Hněvošický háj'])
  })

  it('an explicit encoding wins over the .cpg and detection', async () => {
    const { plan, rows } = await readSource(corpus('derived-ningxia-gbk-cgcs2000/gbk_cpg_epsg4544/xzq_4544.shp'), { encoding: 'latin1' })
    expect(plan.encoding).toMatchObject({ name: 'latin1', source: 'option' })
    expect(rows[0]!.properties!.name).not.toBe('海原县')
  })

  it('decodes 4-byte UTF-8 (emoji) and the full record set of a .cpg UTF-8 file', async () => {
    const { rows } = await readSource(corpus('shapefile-js-testdata/utf.shp'))
    expect(rows.map((r) => r.properties!.field)).toEqual(['💩', 'Hněvošický háj'])
  })
})

describe('records the headers describe, no more', () => {
  it('stops at the .shx/.dbf record counts when junk follows (pyshp corrupt_too_long) and says so', async () => {
    const { plan, rows } = await readSource(corpus('pyshp-testdata/corrupt_too_long.shp'), { srs: 'EPSG:3857' })
    expect(rows).toHaveLength(10)
    expect(rows.every((r) => r.properties!.test === 'value')).toBe(true)
    expect(plan.notes.join(' ')).toMatch(/bytes after its last record/)
  })

  it('trusts the .shx over a wrong file length in the .shp header (ipra_dresden_polygon)', async () => {
    const { rows } = await readSource(corpus('shapefile-js-testdata/ipra_dresden_polygon.shp'), { srs: 'EPSG:4326' })
    expect(rows).toHaveLength(1)
    expect(rows[0]!.geometry!.type).toBe('Polygon')
  })

  it('keeps null shapes as features without geometry (mbostock null, LGA_2013_AUST)', async () => {
    const nulls = await readSource(corpus('shapefile-mbostock-fixtures/null.shp'))
    expect(nulls.rows.map((r) => r.geometry === null)).toEqual([false, true, false, true, true, false, false, true, false].slice(0, nulls.rows.length))
    const lga = await readSource(corpus('shapefile-js-testdata/LGA_2013_AUST.shp'), { srs: 'EPSG:4326' })
    expect(lga.rows.some((r) => r.geometry === null)).toBe(true)
    expect(lga.rows[4]!.properties!.LGA_NAME13).toBe('Kangaroo Island (DC)')
    expect(rings(lga.rows[4]!.geometry)).toHaveLength(21)
  })

  it('assigns a hole to its shell when the hole comes first (SHP_Exclude: one polygon with a hole, as GDAL reads it)', async () => {
    const { rows } = await readSource(corpus('shapefile-js-testdata/SHP_Exclude.zip'), { srs: 'EPSG:4326' })
    const gdal = await gdalRead(corpus('shapefile-js-testdata/SHP_Exclude.zip'))
    expect(rows).toHaveLength(gdal.features.length)
    const [g] = gdal.features
    expect(g!.geometry!.type).toBe('Polygon')
    expect(rows[0]!.geometry).toMatchObject({ type: 'Polygon', coordinates: { length: 2 } })
    expect(maxDeviation(rings(rows[0]!.geometry), rings(g!.geometry))).toBeLessThan(1e-12)
  })

  it('reads records the .shx points at wrongly as features without geometry, as GDAL does (shapelib 3dpoints)', async () => {
    const { rows, plan } = await readSource(corpus('shapelib-eg-data/3dpoints.shp'), { srs: 'EPSG:3857' })
    const gdal = await gdalRead(corpus('shapelib-eg-data/3dpoints.shp'))
    expect(rows.map((r) => r.geometry === null)).toEqual(gdal.features.map((f) => f.geometry === null))
    expect(rows.filter((r) => r.geometry === null)).toHaveLength(2)
    expect(plan.notes.join(' ')).toMatch(/beyond the length its header states/)
  })

  it('GDAL cannot open shapefiles without their .shx either (mbostock pointm)', async () => {
    expect(await gdalOpens(corpus('shapefile-mbostock-fixtures/pointm.shp'))).toBe(false)
  })
})
