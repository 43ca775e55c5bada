import { createHash } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../server/db/database.js'
import { PgliteDatabase } from '../server/db/pglite-database.js'
import { migrate } from '../server/db/migrate.js'
import { seedDictionaries } from '../server/dictionaries/dictionaries.seed.js'
import { buildWorld, demoLayers } from '../server/demo/load-demo.js'
import { dltbLayer } from '../server/demo/dltb.js'
import { loadLayer } from '../server/demo/layer-loader.js'
import { openTestDatabase } from './helpers/test-db.js'

/** Hash of every generated row of every demo layer (before any SQL post-processing). */
function generatedHash(seed: number): string {
  const hash = createHash('sha256')
  for (const layer of demoLayers(buildWorld('tiny', seed))) {
    hash.update(JSON.stringify(layer.spec))
    for (const batch of layer.batches()) for (const row of batch) hash.update(JSON.stringify(row))
  }
  return hash.digest('hex')
}

/** Hash of the stored 2023 DLTB: attributes and geometry (WKB), in BSM order. */
async function storedHash(db: Database): Promise<string> {
  const { rows } = await db.query<{ h: string }>(`SELECT md5(string_agg(concat_ws('|', "BSM", "DLBM", "ZLDWDM", "QSDWDM", "GDPDJB", "KCXS", md5(ST_AsBinary(geom))), ',' ORDER BY "BSM")) AS h
    FROM data.dltb_2023`)
  return rows[0].h
}

describe('the generator is deterministic', () => {
  it('same seed ⇒ identical generated rows; another seed ⇒ different rows', () => {
    const a = generatedHash(7)
    expect(generatedHash(7)).toBe(a)
    expect(generatedHash(8)).not.toBe(a)
  })

  describe('in the database', () => {
    let shared: Database
    let fresh: PgliteDatabase

    beforeAll(async () => {
      shared = await openTestDatabase()
      fresh = await PgliteDatabase.open('memory://')
      await migrate(fresh)
      await seedDictionaries(fresh)
    })
    afterAll(async () => {
      await shared?.close()
      await fresh?.close()
    })

    it('a fresh load of seed 7 stores the same DLTB as the test database; seed 8 does not', async () => {
      await loadLayer(fresh, dltbLayer(buildWorld('tiny', 7), 2023))
      const expected = await storedHash(shared)
      expect(await storedHash(fresh)).toBe(expected)
      await fresh.exec('DROP TABLE data.dltb_2023; DELETE FROM onemap.layers')
      await loadLayer(fresh, dltbLayer(buildWorld('tiny', 8), 2023))
      expect(await storedHash(fresh)).not.toBe(expected)
    })
  })
})
