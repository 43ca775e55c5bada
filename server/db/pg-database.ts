import pg from 'pg'
import type { Database, QueryOptions, QueryResult, Queryable } from './database.js'
import { NUMERIC_OIDS, parseNumber } from './database.js'

const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === NUMERIC_OIDS.INT8 || oid === NUMERIC_OIDS.NUMERIC) return parseNumber
    return pg.types.getTypeParser(oid, format)
  },
}

export interface PgDatabaseOptions {
  connectionString: string
  statementTimeoutMs: number
  maxConnections?: number
}

/** A PostGIS server reached through a `pg` connection pool. */
export class PgDatabase implements Database {
  readonly kind = 'postgis' as const
  readonly hasMvt = true
  readonly pool: pg.Pool

  constructor(options: PgDatabaseOptions) {
    this.pool = new pg.Pool({
      connectionString: options.connectionString,
      statement_timeout: options.statementTimeoutMs,
      max: options.maxConnections ?? 10,
      types: types as pg.CustomTypesConfig,
      application_name: 'onemap',
      // PostGIS functions carry high cost estimates, so the planner JIT-compiles cheap batch
      // queries and spends seconds on it (seen on area updates and imports): JIT stays off.
      options: '-c jit=off',
    })
    // An idle client that errors (server restart) must not crash the process.
    this.pool.on('error', () => undefined)
  }

  async query<R>(sql: string, params: unknown[] = [], options: QueryOptions = {}): Promise<QueryResult<R>> {
    const client = await this.pool.connect()
    try {
      return await runCancellable<R>(this.pool, client, sql, params, options.signal)
    } finally {
      client.release()
    }
  }

  async exec(sql: string): Promise<void> {
    await this.pool.query(sql)
  }

  async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    const client = await this.pool.connect()
    try {
      await client.query('BEGIN')
      const result = await fn(clientQueryable(this.pool, client))
      await client.query('COMMIT')
      return result
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined)
      throw error
    } finally {
      client.release()
    }
  }

  async *cursor<R>(sql: string, params: unknown[] = [], batchSize = 1000, options: QueryOptions = {}): AsyncGenerator<R[]> {
    const client = await this.pool.connect()
    let open = false
    try {
      await client.query('BEGIN')
      open = true
      await runCancellable(this.pool, client, `DECLARE onemap_cursor NO SCROLL CURSOR FOR ${sql}`, params, options.signal)
      for (;;) {
        const batch = await runCancellable<R>(this.pool, client, `FETCH ${Math.max(1, Math.floor(batchSize))} FROM onemap_cursor`, [], options.signal)
        if (batch.rows.length === 0) break
        yield batch.rows
      }
    } finally {
      if (open) await client.query('ROLLBACK').catch(() => undefined)
      client.release()
    }
  }

  async close(): Promise<void> {
    await this.pool.end()
  }
}

function clientQueryable(pool: pg.Pool, client: pg.PoolClient): Queryable {
  return {
    query: <R>(sql: string, params: unknown[] = [], options: QueryOptions = {}) => runCancellable<R>(pool, client, sql, params, options.signal),
    exec: async (sql: string) => {
      await client.query(sql)
    },
  }
}

/** Run a statement; if the signal aborts, ask the server to cancel it from another connection. */
async function runCancellable<R>(pool: pg.Pool, client: pg.PoolClient, sql: string, params: unknown[], signal?: AbortSignal): Promise<QueryResult<R>> {
  signal?.throwIfAborted()
  const pid = (client as unknown as { processID?: number }).processID
  const cancel = () => {
    if (pid) pool.query('SELECT pg_cancel_backend($1)', [pid]).catch(() => undefined)
  }
  signal?.addEventListener('abort', cancel, { once: true })
  try {
    const result = await client.query(sql, params)
    return { rows: result.rows as R[], rowCount: result.rowCount ?? result.rows.length }
  } finally {
    signal?.removeEventListener('abort', cancel)
  }
}
