import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Database, Queryable } from '../server/db/database.js'
import { seedDictionaries, syncDictionaries, writeDictionaries } from '../server/dictionaries/dictionaries.seed.js'
import {
  crosswalkLinks, dictionaryBundle, findDictionary, inLandGroup, isAdjustable, isConstruction, isCultivated, landClass2023, landGroup, sandaleiOf,
} from '../server/dictionaries/land-classes.js'
import { openTestDatabase } from './helpers/test-db.js'

let db: Database
beforeAll(async () => {
  db = await openTestDatabase()
})
afterAll(async () => db?.close())

/** Run `fn` in a transaction that is always rolled back, so the shared test database stays as seeded. */
async function inRollback(fn: (tx: Queryable) => Promise<void>): Promise<void> {
  const rollback = new Error('rollback')
  await expect(db.transaction(async (tx) => {
    await fn(tx)
    throw rollback
  })).rejects.toBe(rollback)
}

/** The value of one SQL expression (a scalar subquery needs its own SELECT). */
async function one<T>(q: Queryable, sql: string, params: unknown[] = []): Promise<T> {
  return (await q.query<{ v: T }>(`SELECT (${sql}) AS v`, params)).rows[0]!.v
}

describe('SQL helpers', () => {
  it('answer group, 耕地, 建设用地 and 三大类 like the TypeScript lookups for every code of both classifications', async () => {
    for (const id of ['sandiao', 'ydyh2023']) {
      const codes = findDictionary(id)!.codes.map((c) => c.code)
      const { rows } = await db.query<{ code: string; grp: string; cultivated: boolean; construction: boolean; wetland: boolean; sdl: string | null }>(
        `SELECT code, onemap.land_group(code, $1) grp, onemap.is_cultivated(code, $1) cultivated, onemap.is_construction(code, $1) construction,
                onemap.in_land_group(code, '湿地', $1) wetland, onemap.sandalei(code, $1) sdl
         FROM unnest($2::text[]) AS code`, [id, codes])
      for (const r of rows) {
        expect([r.code, r.grp, r.cultivated, r.construction, r.wetland, r.sdl]).toEqual(
          [r.code, landGroup(r.code, id), isCultivated(r.code, id), isConstruction(r.code, id), inLandGroup(r.code, '湿地', id), sandaleiOf(r.code, id)])
      }
    }
  })

  it('state the DOMAIN facts: 0101–0103 耕地, 0201K not, 0603 建设用地, 0402 湿地, default dictionary 三调', async () => {
    expect(await one(db, `SELECT array_agg(onemap.is_cultivated(c) ORDER BY c) FROM unnest(array['0101','0102','0103','0201K','0301K','1203']) c`))
      .toEqual([true, true, true, false, false, false])
    expect(await one(db, `onemap.land_group('0603')`)).toBe('建设用地')
    expect(await one(db, `onemap.sandalei('0603')`)).toBe('建设用地')
    expect(await one(db, `onemap.land_group('0402')`)).toBe('湿地')
    expect(await one(db, `onemap.land_group('0402', 'ydyh2023')`)).toBe('草地')
    const codes = findDictionary('sandiao')!.codes.map((c) => c.code)
    const adjustable = await one<string[]>(db, `SELECT array_agg(c ORDER BY c) FROM unnest($1::text[]) c WHERE onemap.is_adjustable(c)`, [codes])
    expect(adjustable).toEqual(codes.filter((c) => isAdjustable(c)).sort())
    expect(adjustable).toContain('0307K')
    expect(await one(db, `(onemap.land_class('1107A')).name_zh`)).toBe('干渠')
    expect(await one(db, `onemap.land_class_name('0810A')`)).toBe('广场用地')
  })

  it('trim DBF padding and give NULL or false for unknown codes', async () => {
    expect(await one(db, `onemap.is_cultivated('0101 ')`)).toBe(true)
    expect(await one(db, `onemap.land_group(' 0305')`)).toBe('林地')
    expect(await one(db, `onemap.land_group('9999')`)).toBeNull()
    expect(await one(db, `onemap.is_cultivated('9999')`)).toBe(false)
    expect(await one(db, `onemap.is_cultivated(NULL)`)).toBe(false)
  })

  it('convert 三调 codes to 2023 only where the crosswalk has an exact link', async () => {
    const codes = findDictionary('sandiao')!.codes.map((c) => c.code)
    const { rows } = await db.query<{ code: string; target: string | null }>(
      'SELECT code, onemap.land_class_2023(code) target FROM unnest($1::text[]) code', [codes])
    for (const r of rows) expect([r.code, r.target]).toEqual([r.code, landClass2023(r.code)])
    expect(await one(db, `onemap.land_class_2023('1203')`)).toBe('2303')
    expect(await one(db, `onemap.land_class_2023('08H2')`)).toBeNull()
    expect(crosswalkLinks('08H2').map((l) => l.to)).toContain('0804')
  })

  it('check attribute codes and aliases of any dictionary', async () => {
    expect(await one(db, `onemap.dictionary_has('zzsxdm', 'JKHF')`)).toBe(true)
    expect(await one(db, `onemap.dictionary_has('zzsxdm', 'GZ')`)).toBe(true)
    expect(await one(db, `onemap.dictionary_has('zzsxdm', 'XX')`)).toBe(false)
    expect(await one(db, `onemap.dictionary_name('tbxhdm', 'HHGD')`)).toBe('沙荒耕地')
    expect(await one(db, `onemap.dictionary_name('qsxz', '30')`)).toBe('集体土地所有权')
  })
})

describe('SQL helper speed', () => {
  it('are inlined into the query with the dictionary index folded in as a constant', async () => {
    const plan = async (sql: string) => (await db.query<Record<string, string>>(`EXPLAIN VERBOSE ${sql}`)).rows.map((r) => Object.values(r)[0]).join('\n')
    const pd3 = dictionaryBundle().kcxs[0]!.entries.find((e) => e.gdlx === 'PD' && e.gdpdjb === 3)!.kcxs
    expect(await plan(`SELECT onemap.is_cultivated('0101'), onemap.kcxs_for('640323', 'PD', '3')`)).toContain(`Output: true, ${pd3}`)
    const perRow = await plan(`SELECT onemap.land_group(c), onemap.is_construction(c, 'ydyh2023'), onemap.kcxs_for(c, 'TT', c) FROM (VALUES ('0101')) v (c)`)
    expect(perRow).not.toMatch(/onemap\.(land_group|is_construction|kcxs_for|dictionary_index)/)
  })
})

describe('onemap.kcxs_for', () => {
  it('gives 0 for grade 1, the default for grades 2–5, and NULL without a slope type', async () => {
    const shipped = dictionaryBundle().kcxs.flatMap((k) => k.entries).find((e) => e.region === '*' && e.gdlx === 'PD' && e.gdpdjb === 4)!
    expect(await one(db, `onemap.kcxs_for('640323', 'TT', '1')`)).toBe(0)
    expect(await one(db, `onemap.kcxs_for('640323001001', 'pd', '04')`)).toBe(shipped.kcxs)
    expect(await one(db, `onemap.kcxs_for(NULL, 'PD', '4')`)).toBe(shipped.kcxs)
    expect(await one(db, `onemap.kcxs_for('640323', '', '3')`)).toBeNull()
  })

  it('prefers a deployment row for the county over the province and the default, and the seed keeps it', async () => {
    await inRollback(async (tx) => {
      await tx.query(`INSERT INTO onemap.kcxs (region_code, gdlx, gdpdjb, kcxs, source) VALUES
        ('64', 'TT', 3, 0.0500, 'test-province'), ('640323', 'TT', 3, 0.0700, 'test-county'), ('*', 'PD', 2, 0.0111, 'test-override')
        ON CONFLICT (region_code, gdlx, gdpdjb) DO UPDATE SET kcxs = EXCLUDED.kcxs, source = EXCLUDED.source, managed = false, illustrative = false`)
      expect(await one(tx, `onemap.kcxs_for('640323001001001', 'TT', '3')`)).toBe(0.07)
      expect(await one(tx, `onemap.kcxs_for('640104', 'TT', '3')`)).toBe(0.05)
      expect(await one(tx, `onemap.kcxs_for('110101', 'TT', '3')`)).not.toBe(0.05)
      await writeDictionaries(tx, dictionaryBundle())
      expect(await one(tx, `onemap.kcxs_for('640323', 'TT', '3')`)).toBe(0.07)
      expect(await one(tx, `onemap.kcxs_for('110101', 'PD', '2')`)).toBe(0.0111)
    })
  })
})

describe('seedDictionaries', () => {
  it('writes nothing when the stored content hash matches the files', async () => {
    const before = await db.query<{ x: string }>(`SELECT xmin::text AS x FROM onemap.dictionary_seed UNION ALL
      SELECT xmin::text FROM onemap.dictionary_codes WHERE dictionary_id = 'sandiao' AND code = '0101'`)
    await seedDictionaries(db)
    expect(await syncDictionaries(db)).toEqual({ changed: false, contentHash: dictionaryBundle().contentHash })
    const after = await db.query<{ x: string }>(`SELECT xmin::text AS x FROM onemap.dictionary_seed UNION ALL
      SELECT xmin::text FROM onemap.dictionary_codes WHERE dictionary_id = 'sandiao' AND code = '0101'`)
    expect(after.rows).toEqual(before.rows)
  })

  it('restores edited codes, removes codes the files no longer list and rebuilds the crosswalk when re-seeded', async () => {
    const count = async (tx: Queryable) => one<number>(tx, `SELECT count(*)::int FROM onemap.dictionary_codes`)
    await inRollback(async (tx) => {
      const codes = await count(tx)
      expect(codes).toBe(dictionaryBundle().dictionaries.reduce((n, d) => n + d.codes.length, 0))
      await tx.query(`UPDATE onemap.dictionary_codes SET name_zh = 'x', groups = '{耕地}' WHERE dictionary_id = 'sandiao' AND code = '0201K'`)
      await tx.query(`INSERT INTO onemap.dictionary_codes (dictionary_id, code, name_zh, name_en) VALUES ('gdlx', 'ZZ', 'stale', 'stale')`)
      await tx.query(`DELETE FROM onemap.land_class_crosswalk WHERE from_code = '1203'`)
      expect(await one(tx, `onemap.is_cultivated('0201K')`)).toBe(true)
      await writeDictionaries(tx, dictionaryBundle())
      expect(await one(tx, `onemap.is_cultivated('0201K')`)).toBe(false)
      expect(await one(tx, `onemap.land_class_name('0201K')`)).toBe('可调整果园')
      expect(await one(tx, `onemap.dictionary_has('gdlx', 'ZZ')`)).toBe(false)
      expect(await one(tx, `onemap.land_class_2023('1203')`)).toBe('2303')
      expect(await count(tx)).toBe(codes)
    })
  })
})
