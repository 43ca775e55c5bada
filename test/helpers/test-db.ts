import { cpSync, rmSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { randomBytes } from 'node:crypto'
import { inject } from 'vitest'
import type { Database } from '../../server/db/database.js'
import { PgDatabase } from '../../server/db/pg-database.js'
import { PgliteDatabase } from '../../server/db/pglite-database.js'

import { testConfig } from './test-config.js'

export { testConfig }

/**
 * A database for one test file: the shared PostGIS database, or a private copy of the PGlite
 * template (so files can run in parallel and change data freely). Close it in afterAll.
 */
export async function openTestDatabase(): Promise<Database> {
  const config = testConfig()
  if (config.DATABASE_URL) return new PgDatabase({ connectionString: config.DATABASE_URL, statementTimeoutMs: 120_000 })
  const template = inject('pgliteTemplate')
  const dir = join(dirname(template), `db-${process.pid}-${randomBytes(4).toString('hex')}`)
  cpSync(template, dir, { recursive: true })
  const db = await PgliteDatabase.open(dir)
  const close = db.close.bind(db)
  db.close = async () => {
    await close()
    rmSync(dir, { recursive: true, force: true })
  }
  return db
}

/** A layer id no other test file uses, for tests that create layers on the shared PostGIS database. */
export function uniqueLayerId(prefix: string): string {
  return `${prefix}_${randomBytes(4).toString('hex')}`
}
