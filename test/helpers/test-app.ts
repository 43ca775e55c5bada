import type { FastifyInstance } from 'fastify'
import { buildApp } from '../../server/app.js'
import type { Config } from '../../server/config/config.js'
import type { Database } from '../../server/db/database.js'
import { openTestDatabase, testConfig } from './test-db.js'

export interface TestApp {
  app: FastifyInstance
  db: Database
  config: Config
  close(): Promise<void>
}

/** The whole app on a test database, not listening: use app.inject(), or listen on port 0. */
export async function openTestApp(overrides: Partial<Config> = {}): Promise<TestApp> {
  const config = testConfig(overrides)
  const db = await openTestDatabase()
  const app = await buildApp({ config, db })
  return {
    app,
    db,
    config,
    close: async () => {
      await app.close()
      await db.close()
    },
  }
}
