import { buildApp } from './app.js'
import { loadConfig } from './config/config.js'
import { openDatabase } from './db/open-database.js'
import { prepareDatabase } from './startup.js'

/** Process concerns only: config, database, listen, graceful close. The app itself is app.ts. */
async function main(): Promise<void> {
  const config = loadConfig()
  const log = (line: string) => console.log(`[onemap] ${line}`)
  log(config.DATABASE_URL ? 'using the PostGIS server in DATABASE_URL' : `using the embedded database in ${config.ONEMAP_DATA_DIR}`)
  const db = await openDatabase(config)
  await prepareDatabase(db, config, log)
  const app = await buildApp({
    config,
    db,
    logger: { level: config.LOG_LEVEL, redact: ['req.headers.authorization', 'req.headers.cookie'] },
  })
  const close = async (signal: string) => {
    log(`${signal}: closing`)
    await app.close()
    await db.close()
    process.exit(0)
  }
  process.once('SIGINT', () => void close('SIGINT'))
  process.once('SIGTERM', () => void close('SIGTERM'))
  await app.listen({ port: config.PORT, host: config.HOST })
  const shownHost = config.HOST === '0.0.0.0' || config.HOST === '::' ? 'localhost' : config.HOST
  log(`OneMap is running at http://${shownHost}:${config.PORT}/`)
}

main().catch((error: unknown) => {
  console.error('[onemap] could not start:', error instanceof Error ? error.message : error)
  process.exit(1)
})
