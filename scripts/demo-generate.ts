/**
 * `npm run demo:generate -- --scale small|medium|large|tiny --seed N [--replace]`: generate the
 * demo region into the configured database (DATABASE_URL, or the embedded one), with progress.
 */
import { parseArgs } from 'node:util'
import { loadConfig } from '../server/config/config.js'
import { openDatabase } from '../server/db/open-database.js'
import { prepareDatabase, progressPrinter } from '../server/startup.js'
import { loadDemo, type DemoScale } from '../server/demo/load-demo.js'
import { dropDemoLayers, existingDemoLayers } from '../server/demo/demo-admin.js'

const SCALES: readonly DemoScale[] = ['tiny', 'small', 'medium', 'large']

function parse(): { scale: DemoScale; seed: number; replace: boolean } {
  const { values } = parseArgs({ options: { scale: { type: 'string', default: 'small' }, seed: { type: 'string', default: '2025' }, replace: { type: 'boolean', default: false } } })
  const scale = values.scale as DemoScale
  const seed = Number(values.seed)
  if (!SCALES.includes(scale)) throw new Error(`--scale must be one of ${SCALES.join(', ')} (got "${values.scale}")`)
  if (!Number.isInteger(seed)) throw new Error(`--seed must be an integer (got "${values.seed}")`)
  return { scale, seed, replace: values.replace }
}

const options = parse()
const config = loadConfig({ DEMO_ON_EMPTY: false, STATEMENT_TIMEOUT_MS: 3_600_000 })
const db = await openDatabase(config)
const log = (line: string) => console.log(line)
try {
  await prepareDatabase(db, config, log)
  const existing = await existingDemoLayers(db)
  if (existing.length > 0 && !options.replace) {
    console.error(`The database already has demo layers (${existing.join(', ')}). Run again with --replace to drop and regenerate them.`)
    process.exitCode = 1
  } else {
    if (existing.length > 0) {
      log(`dropping ${existing.length} existing demo layer(s)`)
      await dropDemoLayers(db)
    }
    const started = Date.now()
    log(`generating the ${options.scale} demo region (seed ${options.seed}) into ${db.kind === 'postgis' ? 'PostGIS' : 'the embedded database'}`)
    await loadDemo(db, { scale: options.scale, seed: options.seed, onProgress: progressPrinter(log) })
    log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`)
  }
} finally {
  await db.close()
}
