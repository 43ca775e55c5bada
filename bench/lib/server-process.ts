/**
 * OneMap as its own process for a bench (forked by lib/server.ts): its own event loop and database
 * pool, like a real server, so the bench's client load is not charged to the server's thread.
 * Receives its Config over IPC, answers { url } when listening, closes on 'close'.
 */
import { buildApp } from '../../server/app.js'
import type { Config } from '../../server/config/config.js'
import { PgDatabase } from '../../server/db/pg-database.js'

async function serve(config: Config): Promise<void> {
  const db = new PgDatabase({ connectionString: config.DATABASE_URL, statementTimeoutMs: config.STATEMENT_TIMEOUT_MS, maxConnections: 16 })
  const app = await buildApp({ config, db })
  const url = await app.listen({ host: '127.0.0.1', port: 0 })
  process.on('message', async (message) => {
    if (message !== 'close') return
    await app.close()
    await db.close()
    process.exit(0)
  })
  process.send!({ url })
}

process.once('message', (config) => void serve(config as Config))
