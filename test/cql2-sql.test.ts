import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AttributeDef } from '../server/catalog/catalog.types.js'
import { insertFeatures } from '../server/catalog/feature-writer.js'
import { createLayerTable, dropLayer, indexLayerTable, refreshLayerStats, registerLayer } from '../server/catalog/layer-table.js'
import { layerTable } from '../server/catalog/sql-names.js'
import { parseCrs } from '../server/crs/crs.js'
import { Cql2Error, cql2PropertiesFromAttributes, cql2QueryError, cql2ToSql, parseCql2Json, parseCql2Text, type Cql2Expression, type Cql2SqlContext } from '../server/cql2/index.js'
import type { Database } from '../server/db/database.js'
import { openTestDatabase, uniqueLayerId } from './helpers/test-db.js'

// The translator against a real database: a small point layer with every attribute type, NULLs,
// wildcard characters, quotes, a backslash, Chinese and accented text.

const ATTRIBUTES: AttributeDef[] = [
  { name: 'name', type: 'text' }, { name: 'DLMC', type: 'text' }, { name: 'n', type: 'integer' }, { name: 'big', type: 'bigint' },
  { name: 'x', type: 'number' }, { name: 'd', type: 'decimal' }, { name: 'ok', type: 'boolean' }, { name: 'day', type: 'date' }, { name: 'at', type: 'timestamp' },
]
const point = (x: number, y: number) => JSON.stringify({ type: 'Point', coordinates: [x, y] })
const FEATURES = [
  { properties: { name: 'Berlin', DLMC: '水田', n: 3, big: 3_000_000_000, x: 2.5, d: 10.25, ok: true, day: '2022-04-16', at: '2022-04-16T10:00:00Z' }, geometry: point(106.2, 38.5) },
  { properties: { name: '100%', DLMC: '旱地', n: 0, x: -1, d: 0, ok: false, day: '2022-12-31', at: '2022-12-31T12:00:00Z' }, geometry: point(106.3, 38.6) },
  { properties: { name: '1000', DLMC: '水浇地', n: 10, x: 10 }, geometry: point(105.9, 37.9) },
  { properties: { name: 'a_b', n: 2 }, geometry: point(106.0, 38.0) },
  { properties: { name: "O'Brien", n: 4 }, geometry: point(106.1, 38.1) },
  { properties: { name: 'back\\slash', n: 5 }, geometry: point(106.4, 38.4) },
  { properties: { name: 'Chișinău', n: 6 }, geometry: point(106.5, 38.5) },
  { properties: {}, geometry: null },
]

let db: Database
let id: string

beforeAll(async () => {
  db = await openTestDatabase()
  id = uniqueLayerId('cql2sql')
  await db.transaction(async (tx) => {
    await createLayerTable(tx, { id, geometry_type: 'Point', attributes: ATTRIBUTES })
    await insertFeatures(tx, id, ATTRIBUTES, FEATURES, { geometryType: 'Point' })
    await indexLayerTable(tx, id)
    await registerLayer(tx, { id, title_zh: 'CQL2 测试', title_en: 'CQL2 test', kind: 'thematic', geometry_type: 'Point', attributes: ATTRIBUTES })
    await refreshLayerStats(tx, id)
  })
})

afterAll(async () => {
  if (id) await db.transaction((tx) => dropLayer(tx, id))
  await db?.close()
})

function context(crs = 'CRS84'): Cql2SqlContext {
  const { srid, northFirst } = parseCrs(crs)
  return { properties: cql2PropertiesFromAttributes(ATTRIBUTES), geometryColumn: '"geom"', storageSrid: 4490, filterSrid: srid, filterNorthFirst: northFirst, params: [] }
}

function parse(filter: string | object): Cql2Expression {
  return typeof filter === 'string' ? parseCql2Text(filter) : parseCql2Json(filter)
}

/** Names (in fid order) of the features a filter selects. */
async function names(filter: string | object, crs?: string): Promise<(string | null)[]> {
  const ctx = context(crs)
  const where = cql2ToSql(parse(filter), ctx)
  const { rows } = await db.query<{ name: string | null }>(`SELECT name FROM ${layerTable(id)} WHERE ${where} ORDER BY fid`, ctx.params)
  return rows.map((r) => r.name)
}

function translationError(filter: string | object, crs?: string): Cql2Error {
  try {
    cql2ToSql(parse(filter), context(crs))
  } catch (err) {
    expect(err).toBeInstanceOf(Cql2Error)
    return err as Cql2Error
  }
  throw new Error(`expected ${JSON.stringify(filter)} to be refused`)
}

describe('values never reach SQL text', () => {
  it('binds every literal as a parameter and uses only catalog column names', () => {
    const ctx = context()
    const sql = cql2ToSql(parseCql2Text("name = 'Berlin' AND n > 7777 AND S_INTERSECTS(geometry, POINT(106.2 38.5)) AND day < DATE('2023-01-01')"), ctx)
    for (const value of ['Berlin', '106.2', '2023-01-01', '7777']) expect(sql).not.toContain(value)
    expect(ctx.params).toEqual(['Berlin', 7777, JSON.stringify({ type: 'Point', coordinates: [106.2, 38.5] }), '2023-01-01'])
    expect(sql).toMatch(/ST_Intersects\("geom", ST_Transform\(ST_SetSRID\(ST_GeomFromGeoJSON\(\$3::text\), 4326\), 4490\)\)/)
  })

  it('keeps SQL in string literals inert', async () => {
    expect(await names("name = 'x'' OR 1=1 --'")).toEqual([])
    expect(await names(`name = 'Robert''); DROP TABLE ${layerTable(id)}; --'`)).toEqual([])
    expect(await names("name = 'O''Brien' OR name = 'O\\'Brien'")).toEqual(["O'Brien"])
    expect((await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${layerTable(id)}`)).rows[0].n).toBe(FEATURES.length)
  })

  it('refuses property names that are not queryables, listing the queryables', () => {
    const err = translationError({ op: '=', args: [{ property: 'name" = name OR "1' }, 'x'] })
    expect(err.message).toContain('unknown property "name\\" = name OR \\"1"; queryables are name, DLMC, n, big, x, d, ok, day, at, geometry')
    for (const property of ['fid', 'geom_3857', 'pg_catalog.pg_user', 'name; DROP TABLE x']) {
      expect(translationError({ op: 'isNull', args: [{ property }] }).message).toContain('unknown property')
    }
    expect(translationError('pg_sleep(10) = 1').message).toContain('Unknown function "pg_sleep"')
  })

  it('matches property names ignoring case when that is unambiguous', async () => {
    expect(await names("dlmc = '水田'")).toEqual(['Berlin'])
  })
})

describe('types are checked before SQL runs', () => {
  it.each([
    ["n = 'abc'", 'cannot compare property "n" (a number) with \'abc\' (text)'],
    ['name > 5', 'cannot compare property "name" (text) with 5 (a number)'],
    ['n = true', 'a boolean'],
    ["n LIKE 'x%'", 'LIKE needs text, but got property "n" (a number)'],
    ['name + 1 = 2', 'The operator + needs a number'],
    ["CASEI(n) = 'x'", 'CASEI needs text'],
    ['S_INTERSECTS(name, POINT(1 2))', 'S_INTERSECTS needs a geometry'],
    ["T_AFTER(name, DATE('2022-01-01'))", 'T_AFTER needs a date or a timestamp'],
    ['n + 1', 'A filter needs a boolean'],
    ['geometry = geometry', 'use a spatial function'],
    ["A_CONTAINS(name, ('a', 'b'))", 'no array-valued properties'],
    ["name LIKE name", 'pattern of LIKE must be a character string'],
  ])('%s', (filter, words) => {
    expect(translationError(filter).message).toContain(words)
  })
})

describe('comparison, LIKE, IN, BETWEEN and NULL on real rows', () => {
  it('LIKE: % and _ are wildcards, \\ escapes them', async () => {
    expect(await names("name LIKE '100%'")).toEqual(['100%', '1000'])
    expect(await names("name LIKE '100\\%'")).toEqual(['100%'])
    expect(await names("name LIKE 'a\\_b'")).toEqual(['a_b'])
    expect(await names("name LIKE 'a_b'")).toEqual(['a_b'])
    expect(await names("name LIKE 'back\\\\slash'")).toEqual(['back\\slash'])
    expect(translationError({ op: 'like', args: [{ property: 'name' }, 'abc\\'] }).message).toContain('ends with the escape character')
  })
  it('Chinese text: equality, IN and LIKE', async () => {
    expect(await names("DLMC LIKE '水%'")).toEqual(['Berlin', '1000'])
    expect(await names("DLMC IN ('水田', '旱地')")).toEqual(['Berlin', '100%'])
  })
  it('NULL: IS NULL, and NULLs never match a comparison or its negation', async () => {
    expect(await names('ok IS NULL AND n IS NOT NULL')).toEqual(['1000', 'a_b', "O'Brien", 'back\\slash', 'Chișinău'])
    expect(await names('S_INTERSECTS(geometry, BBOX(-180,-90,180,90)) OR geometry IS NULL')).toHaveLength(FEATURES.length)
    expect(await names('ok = true OR NOT ok = true')).toEqual(['Berlin', '100%'])
    expect(await names('true')).toHaveLength(FEATURES.length)
    expect(await names('false')).toEqual([])
  })
  it('numbers across integer, bigint, float and decimal columns, and BETWEEN', async () => {
    expect(await names('big > 2147483647 AND d = 10.25 AND x = 2.5')).toEqual(['Berlin'])
    expect(await names('n BETWEEN 2 AND 4')).toEqual(['Berlin', 'a_b', "O'Brien"])
    // Code-point order: lower-case 'back\slash' sorts after 'Z', '100%' before 'A'.
    expect(await names("name BETWEEN 'A' AND 'Z'")).toEqual(['Berlin', "O'Brien", 'Chișinău'])
  })
  it('CASEI and ACCENTI on non-ASCII text', async () => {
    expect(await names("CASEI(name) = casei('CHIȘINĂU')")).toEqual(['Chișinău'])
    expect(await names("ACCENTI(name) = accenti('Chisinau')")).toEqual(['Chișinău'])
    expect(await names("ACCENTI(CASEI(name)) LIKE accenti(casei('CHIS%'))")).toEqual(['Chișinău'])
  })
})

describe('arithmetic', () => {
  it('divides exactly and treats division by zero as no match', async () => {
    expect(await names('n / 2 = 1.5')).toEqual(['Berlin'])
    expect(await names('n % 3 = 1 AND n div 4 = 2')).toEqual(['1000'])
    expect(await names('n / 0 = 1 OR n % 0 = 1 OR n div 0 = 1')).toEqual([])
    expect(await names('big * big > 1e18')).toEqual(['Berlin'])
  })
  it('turns an overflow while running into a 400 (cql2QueryError)', async () => {
    const ctx = context()
    const where = cql2ToSql(parseCql2Text('x ^ 1000 > 0'), ctx)
    const failure = await db.query(`SELECT count(*) FROM ${layerTable(id)} WHERE ${where}`, ctx.params).then(() => undefined, (err: unknown) => err)
    expect(cql2QueryError(failure)).toMatchObject({ status: 400, message: expect.stringContaining('could not be evaluated') })
    expect(cql2QueryError(new Error('connection reset'))).toBeUndefined()
  })
})

describe('dates and timestamps', () => {
  it('a date meets a timestamp as its whole day in UTC', async () => {
    expect(await names("day = TIMESTAMP('2022-04-16T00:00:00Z')")).toEqual(['Berlin'])
    expect(await names("T_DURING(at, INTERVAL('2022-01-01', '2022-12-31'))")).toEqual(['Berlin', '100%'])
    expect(await names("T_AFTER(at, DATE('2022-04-16'))")).toEqual(['100%'])
    expect(await names("T_INTERSECTS(at, DATE('2022-04-16'))")).toEqual(['Berlin'])
  })
  it('open interval ends', async () => {
    expect(await names("T_INTERSECTS(day, INTERVAL('..', '2022-06-01'))")).toEqual(['Berlin'])
    expect(await names("T_BEFORE(day, INTERVAL('2022-06-01', '..'))")).toEqual(['Berlin'])
    expect(await names("T_DURING(INTERVAL(day, day), INTERVAL('..', '..'))")).toEqual(['Berlin', '100%'])
  })
})

describe('geometry literals and the filter CRS', () => {
  it('reads CRS84 as longitude, latitude and EPSG:4490 as latitude, longitude', async () => {
    expect(await names('S_INTERSECTS(geometry, POINT(106.2 38.5))')).toEqual(['Berlin'])
    expect(await names('S_INTERSECTS(geometry, POINT(38.5 106.2))', 'EPSG:4490')).toEqual(['Berlin'])
    expect(await names('S_INTERSECTS(geometry, BBOX(38.45, 106.15, 38.55, 106.25))', 'EPSG:4490')).toEqual(['Berlin'])
    expect(translationError('S_INTERSECTS(geometry, POINT(106.2 38.5))', 'EPSG:4490').message).toContain('not on the globe')
  })
  it('reads a Gauss-Krüger filter CRS as northing, easting', async () => {
    const { rows } = await db.query<{ e: number; n: number }>(`SELECT ST_X(g) e, ST_Y(g) n FROM (SELECT ST_Transform(geom, 4523) g FROM ${layerTable(id)} WHERE name = 'Berlin') s`)
    const { e, n } = rows[0]
    expect(await names(`S_INTERSECTS(geometry, BBOX(${n - 5}, ${e - 5}, ${n + 5}, ${e + 5}))`, 'EPSG:4523')).toEqual(['Berlin'])
    expect(translationError(`S_INTERSECTS(geometry, BBOX(${n}, ${e + 5}, ${n + 5}, ${e}))`, 'EPSG:4523').message).toContain('west edge')
  })
  it('ignores heights and accepts GeoJSON like WKT', async () => {
    expect(await names('S_EQUALS(geometry, POINT Z (106.2 38.5 1200))')).toEqual(['Berlin'])
    expect(await names({ op: 's_within', args: [{ property: 'geometry' }, { type: 'Polygon', coordinates: [[[106, 38.4], [106.35, 38.4], [106.35, 38.7], [106, 38.4]]] }] })).toEqual(await names('S_WITHIN(geometry, POLYGON((106 38.4, 106.35 38.4, 106.35 38.7, 106 38.4)))'))
  })
  it('runs every spatial function with a geometry collection', async () => {
    for (const fn of ['S_INTERSECTS', 'S_EQUALS', 'S_DISJOINT', 'S_TOUCHES', 'S_WITHIN', 'S_OVERLAPS', 'S_CROSSES', 'S_CONTAINS']) {
      expect(await names(`${fn}(geometry, GEOMETRYCOLLECTION(POINT(106.2 38.5), POLYGON((105 37, 107 37, 107 39, 105 37))))`)).toBeInstanceOf(Array)
    }
  })
  it('leaves the geometry column bare, so its GiST index serves the predicate', async () => {
    const ctx = context()
    const where = cql2ToSql(parseCql2Text('S_INTERSECTS(geometry, BBOX(106.15, 38.45, 106.25, 38.55))'), ctx)
    const plan = await db.transaction(async (tx) => {
      await tx.exec('SET LOCAL enable_seqscan = off')
      const { rows } = await tx.query<Record<string, string>>(`EXPLAIN SELECT fid FROM ${layerTable(id)} WHERE ${where}`, ctx.params)
      return rows.map((r) => Object.values(r)[0]).join('\n')
    })
    expect(plan).toContain(`${id}_geom_idx`)
  })
})
