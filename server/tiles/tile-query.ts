import { createHash } from 'node:crypto'
import type pg from 'pg'
import type { Database } from '../db/database.js'

/** A `Database` that exposes its pg pool (PgDatabase does). */
type PooledDatabase = Database & { pool: pg.Pool }

function hasPool(db: Database): db is PooledDatabase {
  return db.kind === 'postgis' && 'pool' in db
}

const names = new Map<string, string>()
const NAMES_MAX = 1000

/**
 * Names are per statement text, so two layers never share one and a changed statement gets a new one.
 * Remembered, because hashing a statement of a few KB on every tile costs more than the lookup.
 */
function statementName(sql: string): string {
  let name = names.get(sql)
  if (name === undefined) {
    name = `onemap_tile_${createHash('sha1').update(sql).digest('hex').slice(0, 20)}`
    if (names.size >= NAMES_MAX) names.clear()
    names.set(sql, name)
  }
  return name
}

/**
 * Run a tile statement. On PostGIS it is a named prepared statement (parsed and planned once per
 * connection, then executed with typed z/x/y), cancelled on the server when `signal` aborts;
 * elsewhere it is an ordinary query.
 */
export async function runTileStatement<R>(db: Database, sql: string, params: unknown[], signal?: AbortSignal): Promise<R[]> {
  if (!hasPool(db)) return (await db.query<R>(sql, params, { signal })).rows
  signal?.throwIfAborted()
  const client = await db.pool.connect()
  const pid = (client as unknown as { processID?: number }).processID
  const cancel = () => {
    if (pid) db.pool.query('SELECT pg_cancel_backend($1)', [pid]).catch(() => undefined)
  }
  signal?.addEventListener('abort', cancel, { once: true })
  try {
    return (await client.query<R & pg.QueryResultRow>({ name: statementName(sql), text: sql, values: params })).rows
  } finally {
    signal?.removeEventListener('abort', cancel)
    client.release()
  }
}
