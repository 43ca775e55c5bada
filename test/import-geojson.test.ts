import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Geometry as GeoJsonGeometry } from 'geojson'
import { describe, expect, it } from 'vitest'
import { uniqueLayerId } from './helpers/test-db.js'
import { corpus, gdalRead, importFile, maxDeviation, readSource, rings, useImportApp } from './import-helpers.js'

const t = useImportApp()

/** A collection keeps its parts of the highest dimension in a layer (the point of point + line is dropped, with a warning). */
function highestDimension(g: GeoJsonGeometry | null): GeoJsonGeometry | null {
  if (g?.type !== 'GeometryCollection') return g
  const rank = (t: string) => (t.includes('Polygon') ? 2 : t.includes('Line') ? 1 : 0)
  const top = Math.max(...g.geometries.map((m) => rank(m.type)))
  const kept = g.geometries.filter((m) => rank(m.type) === top) as (GeoJsonGeometry & { coordinates: unknown })[]
  return { type: 'GeometryCollection', geometries: kept, coordinates: kept.map((m) => m.coordinates) } as unknown as GeoJsonGeometry
}

const hint = (dir: 'good' | 'bad', name: string) => corpus('geojsonhint-fixtures', dir, `${name}.geojson`)

/**
 * Our verdict for each of geojsonhint's invalid files. geojsonhint is stricter than RFC 7946 in places:
 * winding order, precision, bbox form and foreign members do not stop an import; unclosed or short
 * rings are repaired and reported; anything whose structure or numbers are wrong is refused.
 */
const BAD: Record<string, RegExp | { accept: string }> = {
  'bad-duplicate-properties': /has a "features" array but its "type" is "Feature"/,
  'bad-featurelist': /Feature 1: the ring coordinates are not an array/,
  'bad-json': /not valid JSON: unexpected/,
  'bad-object-type': /not GeoJSON: its top-level object has no "type"/,
  'bad-polygon-interiorring-rhr': { accept: 'winding order is irrelevant to PostGIS' },
  'bad-polygonloop': /a position needs at least two numbers/,
  'bad-properties-as-array': /"properties" that are not a JSON object/,
  badcoord: /every ordinate must be a number/,
  badcoordtype: /a position needs at least two numbers/,
  badfeature: /Feature 1 is not a JSON object/,
  badfeatureid: { accept: 'feature ids are not stored' },
  'bbox-4or6elements': { accept: 'bbox members are ignored' },
  'bbox-contains-string': { accept: 'bbox members are ignored' },
  'bbox-string': { accept: 'bbox members are ignored' },
  'different-first-last': { accept: 'ring_closed' },
  'different-first-size': { accept: 'z_dropped' },
  excessive_precision_truncated: { accept: 'precision is kept' },
  expected_object: /"properties" that are not a JSON object/,
  false: /the geometry is not a JSON object/,
  feature_changed_semantics: /has a "features" array but its "type" is "Feature"/,
  'featurecollection-obj': /"features" member of the GeoJSON is not an array/,
  'featurecollection-type-case': /case-sensitive: use "FeatureCollection"/,
  featurecollection: /FeatureCollection has no "features" array/,
  featurecollection_changed_semantics: /mixes .* features; a OneMap layer holds one kind/,
  geometry_changed_semantics: /has a "features" array but its "type" is "Point"/,
  geometrycollection_nested: { accept: 'collections are flattened' },
  geometrycollection_single: { accept: 'collections are flattened' },
  multiple_problems: /instead of numbers/,
  'multipoint-multidimension': /instead of numbers/,
  'multipoint-nondimension': /a position needs at least two numbers/,
  nofeaturetype: /"type": "Featre"; a GeoJSON feature must have "type": "Feature"/,
  notype: /no "type" member/,
  'point-labeled-as-a-multipolygon': /the Polygon coordinates are not an array/,
  'point-string': /instead of numbers/,
  'point-toofew': /a position needs at least two numbers/,
  'point-toomany': { accept: 'z_dropped' },
  point: /the Point has no "coordinates"/,
  polygon_winding_order: { accept: 'winding order is irrelevant to PostGIS' },
  rootstring: /must be a JSON object with a "type" member/,
  'short-line': /none has a geometry/,
  'short-linearring': { accept: 'ring_closed' },
  'short-multilinestring': { accept: 'line_dropped' },
  stringcoord: /instead of numbers/,
  unknowntype: /"type" is "FooBar"/,
}

describe('geojsonhint fixtures', () => {
  it('covers every invalid file of the corpus with a verdict', async () => {
    const { readdirSync } = await import('node:fs')
    const files = readdirSync(corpus('geojsonhint-fixtures/bad')).filter((f) => f.endsWith('.geojson')).map((f) => f.replace(/\.geojson$/, ''))
    expect(Object.keys(BAD).sort()).toEqual(files.sort())
  })

  it.each(Object.entries(BAD))('bad/%s', async (name, verdict) => {
    if (verdict instanceof RegExp) {
      await expect(readSource(hint('bad', name))).rejects.toThrow(verdict)
      return
    }
    const { rows } = await readSource(hint('bad', name))
    expect(rows.length).toBeGreaterThan(0)
    expect(rows.some((r) => r.geometry !== null)).toBe(true)
  })

  it('reports the repairs it makes to accepted files (closed ring, dropped Z, short part)', async () => {
    const closed = await importFile(t.app, hint('bad', 'short-linearring'), { layer: uniqueLayerId('ring') })
    expect(closed.report.issueCounts).toMatchObject({ ring_closed: 1 })
    const z = await importFile(t.app, hint('bad', 'point-toomany'), { layer: uniqueLayerId('zz') })
    expect(z.report.issueCounts).toMatchObject({ z_dropped: 1 })
    const short = await importFile(t.app, hint('bad', 'short-multilinestring'), { layer: uniqueLayerId('short') })
    expect(short.report.issueCounts).toMatchObject({ line_dropped: 1 })
  })

  const GOOD = ['good-feature-with-id', 'good-feature-with-string-id', 'good-feature', 'good-featurecollection-bbox', 'good-featurecollection-bbox3d',
    'good-geometrycollection', 'good-linestring', 'good-multilinestring', 'good-multipoint', 'good-point-3d', 'good-point', 'good-polygon', 'multipolygon', 'nullproperties']

  it.each(GOOD)('good/%s imports with the geometry GDAL reads', async (name) => {
    const layer = uniqueLayerId('good')
    const { job, report } = await importFile(t.app, hint('good', name), { layer })
    expect(job.state).toBe('succeeded')
    const gdal = await gdalRead(hint('good', name))
    expect(report.features.written).toBe(gdal.features.length)
    const { rows } = await t.db.query<{ g: string }>(`SELECT ST_AsGeoJSON(geom, 15) AS g FROM data.${layer} ORDER BY fid`)
    rows.forEach((r, i) => expect(maxDeviation(rings(JSON.parse(r.g)), rings(highestDimension(gdal.features[i]!.geometry)))).toBeLessThan(1e-9))
  })

  it('good files that mix points, lines and polygons import one kind when asked, reporting the others as skipped', async () => {
    await expect(readSource(hint('good', 'good-featurecollection'))).rejects.toThrow(/mixes .*geometry option/)
    const layer = uniqueLayerId('mixed')
    const { report } = await importFile(t.app, hint('good', 'good-featurecollection'), { layer, geometry: 'polygon' })
    expect(report.geometryType).toBe('MultiPolygon')
    expect(report.features.skippedOtherKind).toBeGreaterThan(0)
    expect(report.features.written + report.features.skippedOtherKind).toBe(report.features.read)
    expect(report.notes.join(' ')).toMatch(/were skipped, as only polygon features were asked for/)
  })

  it('a file of null geometries becomes a layer when its kind is given (good/nullgeometry)', async () => {
    await expect(readSource(hint('good', 'nullgeometry'))).rejects.toThrow(/none has a geometry.*geometry option/)
    const { report } = await importFile(t.app, hint('good', 'nullgeometry'), { layer: uniqueLayerId('nullg'), geometry: 'point' })
    expect(report.features).toMatchObject({ written: 1, nullGeometry: 1 })
  })

  it('refuses coordinates that are not longitude/latitude without a CRS (good/issue82 has latitudes below -90)', async () => {
    await expect(readSource(hint('good', 'issue82'))).rejects.toThrow(/declared as EPSG:4326, but the coordinates are not longitude\/latitude/)
  })
})

describe('geojson-fixtures-npm: every geometry type, 2-D and XYZ', () => {
  const TYPES = ['point', 'multipoint', 'linestring', 'multilinestring', 'polygon', 'multipolygon']
  it.each(TYPES.flatMap((ty) => [ty, `${ty}-xyz`]))('%s round-trips through the database', async (name) => {
    const path = corpus('geojson-fixtures-npm/geometry', `${name}.geojson`)
    const layer = uniqueLayerId('gj')
    const { report } = await importFile(t.app, path, { layer })
    expect(report.features.written).toBe(1)
    if (name.endsWith('-xyz')) expect(report.issueCounts.z_dropped).toBe(1)
    const source = JSON.parse(readFileSync(path, 'utf8'))
    const { rows } = await t.db.query<{ g: string; srid: number }>(`SELECT ST_AsGeoJSON(geom, 15) AS g, ST_SRID(geom) AS srid FROM data.${layer}`)
    expect(rows[0]!.srid).toBe(4490)
    expect(maxDeviation(rings(JSON.parse(rows[0]!.g)), rings(source))).toBeLessThan(1e-12)
  })

  it('a GeometryCollection of a point and a line keeps the line, with a warning', async () => {
    const { report } = await importFile(t.app, corpus('geojson-fixtures-npm/geometry/geometrycollection.geojson'), { layer: uniqueLayerId('gc') })
    expect(report.geometryType).toBe('MultiLineString')
    expect(report.issueCounts.collection_parts_dropped).toBe(1)
  })

  it('reads a Feature and, kind by kind, a mixed FeatureCollection as GDAL does', async () => {
    const one = await readSource(corpus('geojson-fixtures-npm/feature/one.geojson'))
    const gdalOne = await gdalRead(corpus('geojson-fixtures-npm/feature/one.geojson'))
    expect(maxDeviation(rings(one.rows[0]!.geometry), rings(gdalOne.features[0]!.geometry))).toBeLessThan(1e-12)
    const path = corpus('geojson-fixtures-npm/featurecollection/one.geojson')
    const gdal = await gdalRead(path)
    for (const geometry of ['point', 'line', 'polygon'] as const) {
      const { rows } = await readSource(path, { geometry })
      const wanted = gdal.features.filter((f) => f.geometry!.type.toLowerCase().includes(geometry === 'line' ? 'line' : geometry))
      const kept = rows.filter((r) => r.geometry!.type.toLowerCase().includes(geometry === 'line' ? 'line' : geometry))
      expect(kept).toHaveLength(wanted.length)
      kept.forEach((r, i) => expect(maxDeviation(rings(r.geometry), rings(wanted[i]!.geometry))).toBeLessThan(1e-12))
    }
  })
})

describe('GeoJSON text sequences and the crs member', () => {
  it('reads one feature per line (with or without RS separators) as GDAL does', async () => {
    const features = [0, 1, 2].map((i) => ({ type: 'Feature', properties: { name: `点${i}`, n: i }, geometry: { type: 'Point', coordinates: [105 + i, 37] } }))
    const lines = join(t.dir, 'seq.geojsonl')
    writeFileSync(lines, features.map((f) => JSON.stringify(f)).join('\n') + '\n')
    const rs = join(t.dir, 'seq.geojsons')
    writeFileSync(rs, features.map((f) => `\u001e${JSON.stringify(f)}\n`).join(''))
    for (const path of [lines, rs]) {
      const { plan, rows } = await readSource(path)
      expect(plan.files.format).toBe('geojsonseq')
      expect(rows.map((r) => r.properties!.name)).toEqual(['点0', '点1', '点2'])
      const gdal = await gdalRead(path)
      expect(rows.map((r) => r.geometry)).toEqual(gdal.features.map((f) => f.geometry))
    }
  })

  it('takes the CRS from a GeoJSON "crs" member (GK zone 35 coordinates, EPSG:4523)', async () => {
    const fc = await gdalRead(corpus('derived-ningxia-gbk-cgcs2000/gbk_nocpg_epsg4523/xzq_4523.shp'), { oo: ['ENCODING=CP936'] })
    const path = join(t.dir, 'xzq_4523.geojson')
    writeFileSync(path, JSON.stringify({ ...fc, crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::4523' } } }))
    const { plan } = await readSource(path)
    expect(plan.crs).toMatchObject({ srid: 4523, source: 'geojson' })
    expect(plan.fields.map((f) => f.source)).toContain('name')
  })
})
