import { execFileSync } from 'node:child_process'
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../server/db/database.js'
import { GK_SYSTEMS } from '../server/imports/detect/gauss-kruger-zones.js'
import { identifyPrj } from '../server/imports/detect/prj-identify.js'
import { openTestDatabase } from './helpers/test-db.js'
import { corpus, esriWkt, readSource, tempDir } from './import-helpers.js'

let db: Database
const tmp = tempDir()
beforeAll(async () => {
  db = await openTestDatabase()
})
afterAll(async () => {
  await db?.close()
  tmp.cleanup()
})

const CODES = [4490, 4326, 3857, ...GK_SYSTEMS.map((s) => s.srid)]

/** A copy of a corpus shapefile with its .prj replaced (or removed when `prj` is undefined). */
function variant(name: string, source: string, prj?: string): string {
  for (const ext of ['shp', 'shx', 'dbf']) copyFileSync(`${source}.${ext}`, join(tmp.dir, `${name}.${ext}`))
  if (prj !== undefined) writeFileSync(join(tmp.dir, `${name}.prj`), prj)
  return join(tmp.dir, `${name}.shp`)
}

const XZQ_4523 = corpus('derived-ningxia-gbk-cgcs2000/gbk_nocpg_epsg4523/xzq_4523')
const XZQ_4544 = corpus('derived-ningxia-gbk-cgcs2000/gbk_cpg_epsg4544/xzq_4544')

describe('a .prj is identified to EPSG by its parameters', () => {
  it.each(['wkt_esri', 'wkt1', 'wkt2'] as const)('every CGCS2000 GK zone, CGCS2000, WGS 84 and Web Mercator as GDAL writes them (%s)', async (flavour) => {
    for (const code of CODES) expect(identifyPrj(await esriWkt(code, flavour), 'x.prj')?.srid, `EPSG:${code}`).toBe(code)
  })

  it('each zone code has the central meridian and false easting PostGIS defines for it', async () => {
    const { rows } = await db.query<{ srid: number; proj4text: string }>('SELECT srid, proj4text FROM spatial_ref_sys WHERE srid BETWEEN 4491 AND 4554 ORDER BY srid')
    expect(rows).toHaveLength(64)
    for (const row of rows) {
      const system = GK_SYSTEMS.find((s) => s.srid === row.srid)!
      expect(row.proj4text, `EPSG:${row.srid}`).toMatch(new RegExp(`\\+lon_0=${system.centralMeridian}\\b.*\\+k=1\\b.*\\+x_0=${system.falseEasting}\\b.*\\+y_0=0\\b`))
      expect(row.proj4text).toMatch(/\+ellps=GRS80/)
    }
  })

  it('tells Ningxia zone 35 from 36, with and without the zone prefix (not the commonly mislabelled codes)', async () => {
    for (const code of [4523, 4524, 4544, 4545]) expect(identifyPrj(await esriWkt(code), 'x.prj')?.srid).toBe(code)
    expect(identifyPrj(readFileSync(`${XZQ_4523}.prj`, 'utf8'), 'xzq_4523.prj')?.srid).toBe(4523)
    expect(identifyPrj(readFileSync(`${XZQ_4544}.prj`, 'utf8'), 'xzq_4544.prj')?.srid).toBe(4544)
  })

  it('ignores the name: a zone-35 definition called "zone 36" is still EPSG:4523', async () => {
    const renamed = (await esriWkt(4523)).replace('CGCS2000_3_Degree_GK_Zone_35', 'CGCS2000_3_Degree_GK_Zone_36')
    expect(identifyPrj(renamed, 'x.prj')?.srid).toBe(4523)
  })

  it("refuses Xi'an 1980, Beijing 1954 and systems outside the supported set with a reason", async () => {
    expect(() => identifyPrj(esriWktSync(2383), 'x.prj')).toThrow(/Xi'an 1980.*convert the data to CGCS2000/)
    expect(() => identifyPrj(esriWktSync(4214), 'x.prj')).toThrow(/Beijing 1954/)
    expect(() => identifyPrj(esriWktSync(32648), 'x.prj')).toThrow(/WGS_1984_UTM_Zone_48N.*cannot use/)
  })

  it('treats a .prj holding an HTML page as no .prj (shapefile-js htmlprj)', async () => {
    const html = readFileSync(corpus('shapefile-js-testdata/htmlprj.prj'), 'utf8')
    expect(identifyPrj(html, 'htmlprj.prj')).toBeNull()
  })
})

function esriWktSync(code: number): string {
  return execFileSync('gdalsrsinfo', ['-o', 'wkt_esri', `EPSG:${code}`]).toString()
}

describe('without a usable .prj the import is refused with advice read from the coordinates', () => {
  it('eight-digit eastings: names the zone prefix and the EPSG code', async () => {
    const path = variant('prefixed', XZQ_4523)
    await expect(readSource(path)).rejects.toThrow(/eight digits.*zone number 35.*zone-prefixed 3° Gauss-Krüger.*EPSG:4523/)
  })

  it('six-digit eastings: says the central meridian cannot be read and names 4544/4545', async () => {
    await expect(readSource(variant('plain', XZQ_4544))).rejects.toThrow(/six digits.*central meridian cannot be read.*EPSG:4544.*EPSG:4545/)
  })

  it('longitude/latitude: names EPSG:4490 and EPSG:4326', async () => {
    await expect(readSource(corpus('ningxia-admin-amap-shp/ningxia_district_no_prj_no_cpg/宁夏回族自治区.shp'))).rejects.toThrow(/longitude\/latitude.*EPSG:4490.*EPSG:4326/)
  })

  it('an HTML .prj is noted and then refused like a missing one; --srs resolves it', async () => {
    const html = readFileSync(corpus('shapefile-js-testdata/htmlprj.prj'), 'utf8')
    const path = variant('htmlprj', XZQ_4544, html)
    await expect(readSource(path)).rejects.toThrow(/no usable coordinate system.*six digits/)
    const { plan } = await readSource(path, { srs: 'EPSG:4544' })
    expect(plan.crs).toMatchObject({ srid: 4544, source: 'option' })
    expect(plan.notes.join(' ')).toMatch(/does not hold a coordinate system definition/)
  })

  it('refuses coordinates that cannot be in the declared system (unprefixed zone, eight-digit eastings)', async () => {
    const path = variant('mismatch', XZQ_4523, await esriWkt(4544))
    await expect(readSource(path)).rejects.toThrow(/declared as EPSG:4544 by its \.prj, but the eastings \(35436892…\) are not six-digit/)
    await expect(readSource(variant('mismatch2', XZQ_4544), { srs: 'EPSG:4523' })).rejects.toThrow(/by the srs option, but the eastings \(436892…\) do not start with the zone number 35/)
  })
})
