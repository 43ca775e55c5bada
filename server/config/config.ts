import { envSchema } from 'env-schema'

/** Every setting OneMap reads from the environment, validated once at start-up. */
export interface Config {
  /** PostGIS server URL; when empty OneMap runs on embedded PGlite. */
  DATABASE_URL: string
  /** Folder for the embedded database and other local state. */
  ONEMAP_DATA_DIR: string
  PORT: number
  HOST: string
  LOG_LEVEL: string
  /** Milliseconds any single SQL statement may run. */
  STATEMENT_TIMEOUT_MS: number
  /** Milliseconds a client may take to send a whole request, upload bodies included. */
  REQUEST_TIMEOUT_MS: number
  /** Load the demo region when the catalog is empty at start-up. */
  DEMO_ON_EMPTY: boolean
  DEMO_SCALE: 'tiny' | 'small' | 'medium' | 'large'
  DEMO_SEED: number
  /** Optional Redis for the shared tile cache. */
  REDIS_URL: string
  /** OGC API Features paging. */
  ITEMS_DEFAULT_LIMIT: number
  ITEMS_MAX_LIMIT: number
  /** numberMatched is counted up to this many features; a larger match leaves it out (OGC allows that). */
  ITEMS_MATCHED_MAX: number
  /** Vector tiles. */
  TILE_MAX_FEATURES: number
  TILE_EXTENT: number
  TILE_BUFFER: number
  TILE_CACHE_MAX_BYTES: number
  /** How long (ms) a tile server may reuse its read of the catalog (layer versions); 0 reads it on every request. */
  TILE_CATALOG_TTL_MS: number
  /** Largest per-layer index of occupied tiles (4 bytes a cell) that lets empty tiles skip the database; 0: off. */
  TILE_OCCUPANCY_MAX_CELLS: number
  /** Tile statements one instance runs at once (more wait their turn); 0: this machine's cores + 1. */
  TILE_QUERY_CONCURRENCY: number
  /** Uploads. */
  UPLOAD_MAX_BYTES: number
  /** Imports: rows per insert statement, zip-bomb limits, report size, TBMJ check tolerance (m²). */
  IMPORT_BATCH_SIZE: number
  /** Concurrent PostGIS sessions an import loads through (PGlite: always one). */
  IMPORT_LOAD_SESSIONS: number
  IMPORT_ZIP_MAX_ENTRIES: number
  IMPORT_ZIP_MAX_BYTES: number
  IMPORT_ZIP_MAX_RATIO: number
  IMPORT_REPORT_MAX_ISSUES: number
  IMPORT_AREA_TOLERANCE_M2: number
  /** Statement timeout (ms) for an import's index and publish steps, which grow with the layer. */
  IMPORT_STATEMENT_TIMEOUT_MS: number
  /** Jobs: run them in this process, how many at once, poll/heartbeat intervals, when a silent job counts as dead. */
  JOB_RUNNER: boolean
  JOB_CONCURRENCY: number
  JOB_POLL_MS: number
  JOB_HEARTBEAT_MS: number
  JOB_STALE_MS: number
  /** Public base URL used in links (OGC, TileJSON); derived from the request when empty. */
  PUBLIC_URL: string
}

const schema = {
  type: 'object',
  properties: {
    DATABASE_URL: { type: 'string', default: '' },
    ONEMAP_DATA_DIR: { type: 'string', default: './.onemap' },
    PORT: { type: 'integer', default: 3000, minimum: 0, maximum: 65535 },
    HOST: { type: 'string', default: '127.0.0.1' },
    LOG_LEVEL: { type: 'string', default: 'info', enum: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] },
    STATEMENT_TIMEOUT_MS: { type: 'integer', default: 30000, minimum: 100 },
    REQUEST_TIMEOUT_MS: { type: 'integer', default: 900000, minimum: 1000 },
    DEMO_ON_EMPTY: { type: 'boolean', default: true },
    DEMO_SCALE: { type: 'string', default: 'small', enum: ['tiny', 'small', 'medium', 'large'] },
    DEMO_SEED: { type: 'integer', default: 2025 },
    REDIS_URL: { type: 'string', default: '' },
    ITEMS_DEFAULT_LIMIT: { type: 'integer', default: 100, minimum: 1 },
    ITEMS_MAX_LIMIT: { type: 'integer', default: 10000, minimum: 1 },
    ITEMS_MATCHED_MAX: { type: 'integer', default: 100000, minimum: 0 },
    TILE_MAX_FEATURES: { type: 'integer', default: 20000, minimum: 1 },
    TILE_EXTENT: { type: 'integer', default: 4096, minimum: 256 },
    TILE_BUFFER: { type: 'integer', default: 64, minimum: 0 },
    TILE_CACHE_MAX_BYTES: { type: 'integer', default: 268435456, minimum: 0 },
    TILE_CATALOG_TTL_MS: { type: 'integer', default: 250, minimum: 0, maximum: 10000 },
    TILE_OCCUPANCY_MAX_CELLS: { type: 'integer', default: 1000000, minimum: 0 },
    TILE_QUERY_CONCURRENCY: { type: 'integer', default: 0, minimum: 0, maximum: 1000 },
    UPLOAD_MAX_BYTES: { type: 'integer', default: 1073741824, minimum: 1024 },
    IMPORT_BATCH_SIZE: { type: 'integer', default: 2000, minimum: 1, maximum: 100000 },
    IMPORT_LOAD_SESSIONS: { type: 'integer', default: 2, minimum: 1, maximum: 8 },
    IMPORT_ZIP_MAX_ENTRIES: { type: 'integer', default: 10000, minimum: 1 },
    IMPORT_ZIP_MAX_BYTES: { type: 'integer', default: 8589934592, minimum: 1024 },
    IMPORT_ZIP_MAX_RATIO: { type: 'integer', default: 200, minimum: 2 },
    IMPORT_REPORT_MAX_ISSUES: { type: 'integer', default: 500, minimum: 1, maximum: 100000 },
    IMPORT_AREA_TOLERANCE_M2: { type: 'number', default: 0.05, minimum: 0 },
    IMPORT_STATEMENT_TIMEOUT_MS: { type: 'integer', default: 1800000, minimum: 1000 },
    JOB_RUNNER: { type: 'boolean', default: true },
    JOB_CONCURRENCY: { type: 'integer', default: 1, minimum: 1, maximum: 16 },
    JOB_POLL_MS: { type: 'integer', default: 2000, minimum: 50 },
    JOB_HEARTBEAT_MS: { type: 'integer', default: 5000, minimum: 100 },
    JOB_STALE_MS: { type: 'integer', default: 120000, minimum: 1000 },
    PUBLIC_URL: { type: 'string', default: '' },
  },
} as const

/**
 * Read and validate the configuration. `overrides` win over the environment (tests use them),
 * so nothing else in the code base reads process.env.
 */
export function loadConfig(overrides: Partial<Config> = {}, env: NodeJS.ProcessEnv = process.env): Config {
  const data: Record<string, unknown> = { ...pickKnown(env), ...overrides }
  const config = envSchema<Config>({ schema, data, dotenv: false, env: false })
  if (config.ITEMS_DEFAULT_LIMIT > config.ITEMS_MAX_LIMIT) {
    throw new Error(`ITEMS_DEFAULT_LIMIT (${config.ITEMS_DEFAULT_LIMIT}) must not exceed ITEMS_MAX_LIMIT (${config.ITEMS_MAX_LIMIT})`)
  }
  return config
}

function pickKnown(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {}
  for (const key of Object.keys(schema.properties)) {
    const value = env[key]
    if (value !== undefined && value !== '') out[key] = value
  }
  return out
}
