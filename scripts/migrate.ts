import { loadConfig } from '../server/config/config.js'
import { openDatabase } from '../server/db/open-database.js'
import { prepareDatabase } from '../server/startup.js'

/** `npm run migrate`: bring the configured database to the current schema (no demo data). */
const config = loadConfig({ DEMO_ON_EMPTY: false })
const db = await openDatabase(config)
try {
  await prepareDatabase(db, config, (line) => console.log(line))
  console.log('the database is up to date')
} finally {
  await db.close()
}
