import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../server/db/database.js'
import { DEMO_LAYER_IDS } from '../server/demo/load-demo.js'
import { LAND_CLASSES } from '../server/demo/land-classes.js'
import { REGION } from '../server/demo/region.js'
import { openTestDatabase } from './helpers/test-db.js'

// The global setup loaded the tiny demo with seed 7 into the test database: these tests check it.
let db: Database

beforeAll(async () => {
  db = await openTestDatabase()
})
afterAll(async () => {
  await db?.close()
})

async function one<T = number>(sql: string, params: unknown[] = []): Promise<T> {
  const { rows } = await db.query<Record<string, T>>(sql, params)
  // PGlite's GEOS can fail an overlay without raising an error: the statement then returns no rows.
  if (rows.length === 0) throw new Error(`no result row (a silent GEOS failure on PGlite?) for: ${sql}`)
  return Object.values(rows[0])[0]
}

describe('demo catalog', () => {
  // The contract other parts rely on: ids, kinds, groups and tiers.
  const CONTRACT: Record<string, [string, string, string]> = {
    xzq_xian: ['base', 'admin', 'public'], xzq_xiang: ['base', 'admin', 'public'], xzq_cun: ['base', 'admin', 'public'],
    dltb_2023: ['survey', 'survey', 'internal'], dltb_2024: ['survey', 'survey', 'internal'], lcxz_2024: ['survey', 'survey', 'internal'],
    yjjbnt: ['control', 'control', 'internal'], stbhhx: ['control', 'control', 'internal'], czkfbj: ['control', 'control', 'internal'],
    zd: ['rights', 'rights', 'confidential'], wpjc_2024: ['thematic', 'monitoring', 'internal'], pzyd: ['thematic', 'monitoring', 'internal'],
    dzzh: ['thematic', 'hazard', 'public'], base_rivers: ['base', 'base', 'public'], base_roads: ['base', 'base', 'public'],
    base_settlements: ['base', 'base', 'public'],
  }

  it('registers every demo layer with its kind, group and tier, titles, source and a non-empty table', async () => {
    const { rows } = await db.query<{ id: string; kind: string; group_id: string; tier: string; title_zh: string; title_en: string; source: string; feature_count: number; style: { type: string; paint: object; legend: unknown[] } }>(
      'SELECT id, kind, group_id, tier, title_zh, title_en, source, feature_count, style FROM onemap.layers WHERE id = ANY($1)', [[...DEMO_LAYER_IDS]])
    expect(rows.map((r) => r.id).sort()).toEqual(Object.keys(CONTRACT).sort())
    for (const r of rows) {
      expect([r.kind, r.group_id, r.tier], r.id).toEqual(CONTRACT[r.id])
      expect(r.title_zh && r.title_en, r.id).toBeTruthy()
      expect(r.source).toBe('OneMap demo generator, seed 7')
      expect(r.feature_count, r.id).toBeGreaterThan(0)
      expect(['fill', 'line', 'circle']).toContain(r.style.type)
      expect(r.style.legend.length, r.id).toBeGreaterThan(0)
      expect(await one(`SELECT count(*) FROM data."${r.id}"`)).toBe(r.feature_count)
    }
  })

  it('has survey series and years, and PZRQ as the time field of the approvals', async () => {
    const { rows } = await db.query<{ id: string; series: string; year: number; time_field: string }>(
      "SELECT id, series, year, time_field FROM onemap.layers WHERE id IN ('dltb_2023', 'dltb_2024', 'pzyd')  ORDER BY id")
    expect(rows).toEqual([
      { id: 'dltb_2023', series: 'dltb', year: 2023, time_field: null },
      { id: 'dltb_2024', series: 'dltb', year: 2024, time_field: null },
      { id: 'pzyd', series: null, year: null, time_field: 'PZRQ' },
    ])
  })

  it('has a tiny-scale DLTB of a few thousand patches per year, 2024 differing in a few %', async () => {
    const n23 = await one('SELECT count(*) FROM data.dltb_2023')
    const n24 = await one('SELECT count(*) FROM data.dltb_2024')
    expect(n23).toBeGreaterThan(2000)
    expect(n23).toBeLessThan(3200)
    const changed = await one(`SELECT count(*) FROM data.dltb_2024 WHERE "BSM" NOT IN (SELECT "BSM" FROM data.dltb_2023)`)
    expect(changed / n24).toBeGreaterThan(0.01)
    expect(changed / n24).toBeLessThan(0.08)
    expect(n24).toBeGreaterThan(n23)
  })
})

describe('DLTB tessellation', () => {
  for (const year of [2023, 2024]) {
    it(`${year}: the patches cover the region without gaps (areas add up to the union and the region)`, async () => {
      const t = `data.dltb_${year}`
      const sum = await one(`SELECT sum("TBMJ") FROM ${t}`)
      const union = await one(`SELECT onemap.ellipsoid_area(ST_Union(geom)) FROM ${t}`)
      const region = await one('SELECT onemap.ellipsoid_area(ST_MakeEnvelope($1, $2, $3, $4, 4490))', [REGION.west, REGION.south, REGION.east, REGION.north])
      expect(Math.abs(sum - union) / union).toBeLessThan(1e-4)
      expect(Math.abs(sum - region) / region).toBeLessThan(1e-4)
    })

    it(`${year}: no two patches overlap by more than 0.01 m², and every geometry is valid`, async () => {
      const t = `data.dltb_${year}`
      const overlaps = await one(`SELECT count(*) FROM ${t} a JOIN ${t} b ON a.fid < b.fid AND a.geom && b.geom AND ST_Intersects(a.geom, b.geom)
        WHERE ST_Relate(a.geom, b.geom, '2********') AND onemap.ellipsoid_area(ST_CollectionExtract(ST_Intersection(a.geom, b.geom), 3)) > 0.01`)
      expect(overlaps).toBe(0)
      expect(await one(`SELECT count(*) FROM ${t} WHERE NOT ST_IsValid(geom)`)).toBe(0)
    })
  }
})

describe('DLTB attributes', () => {
  it('TBMJ is the official ellipsoidal area and TBDLMJ = TBMJ − KCMJ', async () => {
    expect(await one('SELECT count(*) FROM data.dltb_2024 WHERE "TBMJ" IS DISTINCT FROM onemap.ellipsoid_area(geom)')).toBe(0)
    expect(await one('SELECT count(*) FROM data.dltb_2023 WHERE "TBMJ" IS DISTINCT FROM onemap.ellipsoid_area(geom)')).toBe(0)
    expect(await one('SELECT count(*) FROM data.dltb_2023 WHERE "TBDLMJ" IS DISTINCT FROM "TBMJ" - "KCMJ"')).toBe(0)
    expect(await one('SELECT count(*) FROM data.dltb_2023 WHERE "TBMJ" <= 0')).toBe(0)
  })

  it('follows the R9 rules: 田坎 only on sloped 耕地, KCXS from the platform table, KCMJ = round(TBMJ × KCXS, 2)', async () => {
    const t = 'data.dltb_2023'
    const cultivated = `"DLBM" IN ('0101', '0102', '0103')`
    expect(await one(`SELECT count(*) FROM ${t} WHERE ${cultivated} AND "GDPDJB" > '1'`)).toBeGreaterThan(0)
    expect(await one(`SELECT count(*) FROM ${t} WHERE ${cultivated} AND "GDPDJB" > '1'
      AND NOT ("GDLX" IN ('PD', 'TT') AND "KCDLBM" = '1203' AND "KCXS" = onemap.kcxs_for("ZLDWDM", "GDLX", "GDPDJB") AND "KCXS" > 0)`)).toBe(0)
    expect(await one(`SELECT count(*) FROM ${t} WHERE "KCMJ" IS DISTINCT FROM coalesce(round("TBMJ" * "KCXS", 2), 0)`)).toBe(0)
    expect(await one(`SELECT count(*) FROM ${t} WHERE ${cultivated} AND ("GDPDJB" IS NULL OR "ZZSXDM" IS NULL)`)).toBe(0)
    expect(await one(`SELECT count(*) FROM ${t} WHERE ${cultivated} AND "GDPDJB" = '1' AND ("GDLX" IS NOT NULL OR "KCXS" IS NOT NULL OR "KCMJ" <> 0)`)).toBe(0)
    expect(await one(`SELECT count(*) FROM ${t} WHERE NOT ${cultivated} AND ("GDLX" IS NOT NULL OR "GDPDJB" IS NOT NULL OR "KCXS" IS NOT NULL OR "KCMJ" <> 0)`)).toBe(0)
  })

  it('uses land classes that exist in the 三调 dictionary, with matching names', async () => {
    const { rows } = await db.query<{ code: string; name: string; known: boolean; dict_name: string | null }>(
      `SELECT d."DLBM" AS code, min(d."DLMC") AS name, bool_and(c.code IS NOT NULL) AS known, min(c.name_zh) AS dict_name
       FROM (SELECT "DLBM", "DLMC" FROM data.dltb_2023 UNION SELECT "DLBM", "DLMC" FROM data.dltb_2024 UNION SELECT "DLBM", "DLMC" FROM data.yjjbnt
             UNION SELECT "DI_LEI", "DI_LEI_MC" FROM data.lcxz_2024 UNION SELECT "DLBM", "DLMC" FROM data.wpjc_2024) d
       LEFT JOIN onemap.dictionary_codes c ON c.dictionary_id = 'sandiao' AND c.code = d."DLBM"
       GROUP BY d."DLBM" ORDER BY 1`)
    expect(rows.length).toBeGreaterThan(20)
    for (const r of rows) {
      expect(r.known, `DLBM ${r.code} is not in the sandiao dictionary`).toBe(true)
      expect(LAND_CLASSES.find((c) => c.code === r.code)?.name).toBe(r.name)
    }
  })

  it('uses only attribute codes the platform dictionaries know (QSXZ, GDLX, GDPDJB, ZZSXDM, TBXHDM, CZCSXM, KCDLBM, YJJBNTLX, QLLX, QLXZ, TBLX)', async () => {
    const checks: [string, string, string][] = [
      ['dltb_2023', 'QSXZ', 'qsxz'], ['dltb_2023', 'GDLX', 'gdlx'], ['dltb_2023', 'GDPDJB', 'gdpdjb'], ['dltb_2023', 'ZZSXDM', 'zzsxdm'],
      ['dltb_2023', 'TBXHDM', 'tbxhdm'], ['dltb_2023', 'CZCSXM', 'czcsxm'], ['dltb_2023', 'KCDLBM', 'sandiao'], ['dltb_2024', 'CZCSXM', 'czcsxm'],
      ['yjjbnt', 'YJJBNTLX', 'yjjbntlx'], ['zd', 'QLLX', 'qllx'], ['zd', 'QLXZ', 'qlxz'], ['zd', 'YT', 'sandiao'], ['wpjc_2024', 'TBLX', 'tblx'],
    ]
    for (const [layer, field, dictionary] of checks) {
      const { rows } = await db.query<{ v: string }>(`SELECT DISTINCT "${field}" AS v FROM data.${layer} WHERE "${field}" IS NOT NULL AND NOT onemap.dictionary_has($1, "${field}")`, [dictionary])
      expect(rows.map((r) => r.v), `${layer}.${field} values missing from dictionary ${dictionary}`).toEqual([])
      expect(await one(`SELECT count(DISTINCT "${field}") FROM data.${layer}`), `${layer}.${field}`).toBeGreaterThan(0)
    }
  })

  it('codes admin units and owners per DOMAIN §2.8 and links every patch to its village', async () => {
    expect(await one(`SELECT count(*) FROM data.dltb_2023 WHERE "ZLDWDM" !~ '^\\d{19}$' OR "QSDWDM" !~ '^\\d{19}$'`)).toBe(0)
    expect(await one(`SELECT count(*) FROM data.xzq_xian WHERE "XZQDM" NOT IN ('640104', '640105', '640106', '640121', '640122', '640181')`)).toBe(0)
    expect(await one(`SELECT count(*) FROM data.xzq_xian`)).toBe(6)
    expect(await one(`SELECT count(*) FROM data.xzq_xiang WHERE "XZQDM" !~ '^\\d{9}$' OR substr("XZQDM", 7, 3)::int NOT BETWEEN 1 AND 399`)).toBe(0)
    expect(await one(`SELECT count(*) FROM data.xzq_cun WHERE "XZQDM" !~ '^\\d{12}$' OR NOT ("XZQMC" ~ '村$' AND substr("XZQDM", 10, 3) >= '200' OR "XZQMC" ~ '社区$' AND substr("XZQDM", 10, 3) < '200')`)).toBe(0)
    expect(await one(`SELECT count(*) FROM data.dltb_2023 d LEFT JOIN data.xzq_cun c ON c."XZQDM" = left(d."ZLDWDM", 12) WHERE c.fid IS NULL`)).toBe(0)
    expect(await one(`SELECT count(*) FROM data.dltb_2023 WHERE "FRDBS" <> CASE WHEN left("ZLDWDM", 12) <> left("QSDWDM", 12) AND "QSXZ" LIKE '3%' THEN '1' ELSE '0' END`)).toBe(0)
    expect(await one(`SELECT count(*) FROM data.dltb_2023 WHERE "FRDBS" = '1'`)).toBeGreaterThan(0)
  })

  it('village survey areas add up to the DLTB areas within rounding', async () => {
    const villages = await one('SELECT sum("DCMJ") FROM data.xzq_cun')
    const counties = await one('SELECT sum("DCMJ") FROM data.xzq_xian')
    const patches = await one('SELECT sum("TBMJ") FROM data.dltb_2023')
    expect(Math.abs(villages - patches) / patches).toBeLessThan(1e-6)
    expect(Math.abs(counties - patches) / patches).toBeLessThan(1e-6)
  })
})

describe('rights', () => {
  it('ZDDM and BDCDYH follow the code rules and ZDDM starts with the village code', async () => {
    expect(await one(`SELECT count(*) FROM data.zd WHERE "ZDDM" !~ '^\\d{12}[GJZ][ABCDEFGHSXWY]\\d{5}$' OR length("ZDDM") <> 19`)).toBe(0)
    expect(await one(`SELECT count(*) FROM data.zd WHERE "BDCDYH" !~ '^\\d{12}[GJZ][ABCDEFGHSXWY]\\d{5}[WFLQ]\\d{8}$' OR left("BDCDYH", 19) <> "ZDDM"`)).toBe(0)
    expect(await one(`SELECT count(*) FROM data.zd z LEFT JOIN data.xzq_cun c ON c."XZQDM" = left(z."ZDDM", 12) WHERE c.fid IS NULL`)).toBe(0)
    expect(await one('SELECT count(*) FROM data.zd WHERE "ZDMJ" IS DISTINCT FROM onemap.ellipsoid_area(geom)')).toBe(0)
  })
})

describe('conflicts the checker must find arise from the data', () => {
  const overlapping = (a: string, b: string, where = 'true') => `SELECT count(*) FROM data.${a} a JOIN data.${b} b ON a.geom && b.geom AND ST_Intersects(a.geom, b.geom)
    WHERE ${where} AND onemap.ellipsoid_area(ST_CollectionExtract(ST_Intersection(a.geom, b.geom), 3)) > 1`

  it('R2: some 永久基本农田 is not 耕地, most is', async () => {
    const total = await one('SELECT count(*) FROM data.yjjbnt')
    const nonCultivated = await one(`SELECT count(*) FROM data.yjjbnt WHERE "DLBM" NOT IN ('0101', '0102', '0103')`)
    expect(nonCultivated).toBeGreaterThan(0)
    expect(nonCultivated / total).toBeLessThan(0.2)
    expect(await one(`SELECT count(*) FROM data.yjjbnt WHERE "YJJBNTLX" NOT IN ('YJJBNT', 'YTC_DZG')`)).toBe(0)
  })

  it('R3: some 耕地 and some 永农 lie inside the red line', async () => {
    expect(await one(overlapping('dltb_2023', 'stbhhx', `a."DLBM" IN ('0101', '0102', '0103')`))).toBeGreaterThan(0)
    expect(await one(overlapping('yjjbnt', 'stbhhx'))).toBeGreaterThan(0)
  })

  it('R1: the development boundary overlaps the red line in a few places, and the red lines never overlap each other', async () => {
    expect(await one(overlapping('czkfbj', 'stbhhx'))).toBeGreaterThan(0)
    expect(await one(`${overlapping('stbhhx', 'stbhhx', 'a.fid < b.fid')}`)).toBe(0)
    expect(await one(`${overlapping('czkfbj', 'czkfbj', 'a.fid < b.fid')}`)).toBe(0)
  })

  it('R5: a minority of parcels carry overlapping certificates (一地多证)', async () => {
    const pairs = await one(overlapping('zd', 'zd', 'a.fid < b.fid'))
    const total = await one('SELECT count(*) FROM data.zd')
    expect(pairs).toBeGreaterThan(0)
    expect(pairs / total).toBeLessThan(0.2)
  })

  it('R4: the forest/grass survey disagrees with DLTB in places (耕∩林, 林∩草)', async () => {
    expect(await one(overlapping('dltb_2024', 'lcxz_2024', `a."DLBM" IN ('0101', '0102', '0103') AND b."DI_LEI" LIKE '03%'`))).toBeGreaterThan(0)
    expect(await one(overlapping('dltb_2024', 'lcxz_2024', `a."DLBM" LIKE '04%' AND b."DI_LEI" LIKE '03%'`))).toBeGreaterThan(0)
  })

  it('R7: some change patches are fully approved, some partly, some not at all', async () => {
    const uncovered = `SELECT w.fid, onemap.ellipsoid_area(ST_Difference(w.geom, coalesce((SELECT ST_Union(p.geom) FROM data.pzyd p WHERE ST_Intersects(p.geom, w.geom)), 'SRID=4490;POLYGON EMPTY'::geometry))) AS rest, w."MJ" AS mj FROM data.wpjc_2024 w`
    const { rows } = await db.query<{ full: number; partial: number; none: number }>(`SELECT count(*) FILTER (WHERE rest <= 1) AS full,
      count(*) FILTER (WHERE rest > 1 AND rest < mj - 1) AS partial, count(*) FILTER (WHERE rest >= mj - 1) AS none FROM (${uncovered}) x`)
    expect(rows[0].full).toBeGreaterThan(0)
    expect(rows[0].partial).toBeGreaterThan(0)
    expect(rows[0].none).toBeGreaterThan(0)
    expect(await one(`SELECT count(*) FROM data.wpjc_2024 WHERE "SFYN" = '是'`)).toBeGreaterThan(0)
  })
})
