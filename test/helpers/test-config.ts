import { resolve } from 'node:path'
import { loadConfig, type Config } from '../../server/config/config.js'

/** Where the PGlite template and per-file copies live during a run. */
export const TEST_ROOT = resolve('.onemap-test')

/** The configuration tests run with: the environment's DATABASE_URL (or none), tiny demo. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  return loadConfig({ DEMO_SCALE: 'tiny', DEMO_SEED: 7, LOG_LEVEL: 'silent', ...overrides })
}
