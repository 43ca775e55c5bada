import type { Config } from '../config/config.js'
import type { Database } from './database.js'
import { PgDatabase } from './pg-database.js'
import { PgliteDatabase } from './pglite-database.js'
import { join } from 'node:path'

/** A PostGIS server when DATABASE_URL is set, otherwise the embedded PGlite under ONEMAP_DATA_DIR. */
export async function openDatabase(config: Pick<Config, 'DATABASE_URL' | 'ONEMAP_DATA_DIR' | 'STATEMENT_TIMEOUT_MS'>): Promise<Database> {
  if (config.DATABASE_URL) {
    return new PgDatabase({ connectionString: config.DATABASE_URL, statementTimeoutMs: config.STATEMENT_TIMEOUT_MS })
  }
  const dir = config.ONEMAP_DATA_DIR.startsWith('memory://') ? config.ONEMAP_DATA_DIR : join(config.ONEMAP_DATA_DIR, 'pglite')
  return PgliteDatabase.open(dir)
}
