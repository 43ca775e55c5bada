import { join } from 'node:path'
import { PgDatabase } from '../../server/db/pg-database.js'
import { PgliteDatabase } from '../../server/db/pglite-database.js'
import { prepareDatabase } from '../../server/startup.js'
import { TEST_ROOT, testConfig } from './test-config.js'

/** Reset and fill the run's database. Returns the PGlite template folder ('' on PostGIS). */
export async function prepareTestDatabase(): Promise<string> {
  const config = testConfig()
  if (config.DATABASE_URL) {
    const db = new PgDatabase({ connectionString: config.DATABASE_URL, statementTimeoutMs: 120_000 })
    await db.exec('DROP SCHEMA IF EXISTS data CASCADE; DROP SCHEMA IF EXISTS onemap CASCADE; DROP SCHEMA IF EXISTS pgboss CASCADE;')
    await prepareDatabase(db, config, () => undefined)
    await db.close()
    return ''
  }
  // Each run gets its own folder, so two runs on one machine never delete each other's databases.
  const template = join(TEST_ROOT, `run-${process.pid}-${Date.now()}`, 'template')
  const db = await PgliteDatabase.open(template)
  await prepareDatabase(db, config, () => undefined)
  await db.close()
  return template
}

