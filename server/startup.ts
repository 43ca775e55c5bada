import type { Config } from './config/config.js'
import type { Database } from './db/database.js'
import { migrate } from './db/migrate.js'
import { seedDictionaries } from './dictionaries/dictionaries.seed.js'
import { loadDemo, type DemoProgress } from './demo/load-demo.js'

/**
 * Bring a database to the current schema: migrations, dictionaries, and the demo region when
 * the catalog is empty and DEMO_ON_EMPTY is set. Safe to run on every start.
 */
export async function prepareDatabase(db: Database, config: Config, log: (line: string) => void): Promise<void> {
  const applied = await migrate(db, undefined, log)
  if (applied.length > 0) log(`applied ${applied.length} migration(s)`)
  await seedDictionaries(db)
  if (!config.DEMO_ON_EMPTY) return
  const { rows } = await db.query<{ n: number }>('SELECT count(*) AS n FROM onemap.layers')
  if (rows[0]!.n > 0) return
  log(`the catalog is empty: loading the ${config.DEMO_SCALE} demo region (seed ${config.DEMO_SEED})`)
  await loadDemo(db, { scale: config.DEMO_SCALE, seed: config.DEMO_SEED, onProgress: progressPrinter(log) })
}

/** Turns progress events into at most one line per stage per second. */
export function progressPrinter(log: (line: string) => void): (p: DemoProgress) => void {
  let last = 0
  let lastStage = ''
  return (p) => {
    const now = Date.now()
    if (p.stage === lastStage && now - last < 1000 && p.done < p.total) return
    last = now
    lastStage = p.stage
    const pct = p.total > 0 ? Math.floor((100 * p.done) / p.total) : 100
    log(`  ${p.stage}: ${p.done.toLocaleString('en')} / ${p.total.toLocaleString('en')} (${pct}%)`)
  }
}
