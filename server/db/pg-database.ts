import pg from 'pg'
import type { CursorOptions, Database, QueryOptions, QueryResult, Queryable } from './database.js'
import { NUMERIC_OIDS, parseNumber } from './database.js'
import { cancelOnAbort, fetchAll, RowStream } from './pg-row-stream.js'

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

/**
 * A PostGIS server reached through `pg` connection pools: one for statements, and one for cursors
 * whose clients are in pg's pipeline mode (see fetchAll), each up to `maxConnections`.
 */
export class PgDatabase implements Database {
  readonly kind = 'postgis' as const
  readonly hasMvt = true
  readonly pool: pg.Pool
  private readonly cursorPool: pg.Pool

  constructor(options: PgDatabaseOptions) {
    const config: pg.PoolConfig = {
      connectionString: options.connectionString,
      statement_timeout: options.statementTimeoutMs,
      max: options.maxConnections ?? 10,
      types: types as pg.CustomTypesConfig,
      application_name: 'onemap',
      // PostGIS functions carry high cost estimates, so the planner JIT-compiles cheap batch
      // queries and spends seconds on it (seen on area updates and imports): JIT stays off.
      options: '-c jit=off',
    }
    this.pool = new pg.Pool(config)
    this.cursorPool = new pg.Pool({ ...config, pipeline: true })
    // An idle client that errors (server restart) must not crash the process.
    this.pool.on('error', () => undefined)
    this.cursorPool.on('error', () => undefined)
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

  async *cursor<R>(sql: string, params: unknown[] = [], batchSize = 1000, options: CursorOptions = {}): AsyncGenerator<R[]> {
    const size = Math.max(1, Math.floor(batchSize))
    const client = await this.cursorPool.connect()
    let open = false
    try {
      if (options.maxRows !== undefined && options.maxRows <= size) {
        yield* new RowStream<R>(this.pool, client, sql, params, options.signal).batches()
        return
      }
      await client.query('BEGIN')
      open = true
      await runCancellable(this.pool, client, `DECLARE onemap_cursor NO SCROLL CURSOR FOR ${sql}`, params, options.signal)
      yield* fetchAll<R>(this.pool, client, 'onemap_cursor', size, options.signal)
    } finally {
      if (open) await client.query('ROLLBACK').catch(() => undefined)
      client.release()
    }
  }

  async close(): Promise<void> {
    await Promise.all([this.pool.end(), this.cursorPool.end()])
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
  const release = cancelOnAbort(pool, client, signal)
  try {
    const result = await client.query(sql, params)
    return { rows: result.rows as R[], rowCount: result.rowCount ?? result.rows.length }
  } finally {
    release()
  }
}
