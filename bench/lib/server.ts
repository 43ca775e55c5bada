import { buildApp } from '../../server/app.js'
import type { Config } from '../../server/config/config.js'
import type { Database } from '../../server/db/database.js'
import type { BenchServer } from './types.js'

/** The real OneMap app listening on 127.0.0.1 (free port), sharing the bench's database. */
export async function startServer(db: Database, config: Config, overrides: Partial<Config> = {}): Promise<BenchServer> {
  const app = await buildApp({ config: { ...config, ...overrides }, db })
  const address = await app.listen({ host: '127.0.0.1', port: 0 })
  return { url: address, close: () => app.close() }
}
