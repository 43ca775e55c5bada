import { mkdirSync } from 'node:fs'
import { PGlite } from '@electric-sql/pglite'
import { postgis } from '@electric-sql/pglite-postgis'
import type { CursorOptions, Database, QueryOptions, QueryResult, Queryable } from './database.js'
import { NUMERIC_OIDS, parseNumber } from './database.js'

/**
 * The embedded database: Postgres + PostGIS compiled to WASM, in this process, persisted to a folder.
 * One connection only, so statements run one after another; a transaction holds it until done.
 */
export class PgliteDatabase implements Database {
  readonly kind = 'pglite' as const
  readonly hasMvt = false
  private constructor(readonly pg: PGlite) {}

  /** Open (or create) the database in `dataDir`; `memory://` keeps it in memory only. */
  static async open(dataDir: string): Promise<PgliteDatabase> {
    if (!dataDir.startsWith('memory://')) mkdirSync(dataDir, { recursive: true })
    const pg = await PGlite.create(dataDir, {
      extensions: { postgis },
      parsers: { [NUMERIC_OIDS.INT8]: parseNumber, [NUMERIC_OIDS.NUMERIC]: parseNumber },
    })
    return new PgliteDatabase(pg)
  }

  async query<R>(sql: string, params: unknown[] = [], options: QueryOptions = {}): Promise<QueryResult<R>> {
    options.signal?.throwIfAborted()
    const result = await this.pg.query<R>(sql, params)
    return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length }
  }

  async exec(sql: string): Promise<void> {
    await this.pg.exec(sql)
  }

  async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    return this.pg.transaction(async (tx) =>
      fn({
        query: async <R>(sql: string, params: unknown[] = []) => {
          const result = await tx.query<R>(sql, params)
          return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length }
        },
        exec: async (sql: string) => {
          await tx.exec(sql)
        },
      }),
    )
  }

  /**
   * PGlite's transaction() takes a callback, so the cursor loop runs inside it and hands each
   * batch to the consumer through a one-slot handoff; the consumer pulls, the producer waits.
   */
  async *cursor<R>(sql: string, params: unknown[] = [], batchSize = 1000, options: CursorOptions = {}): AsyncGenerator<R[]> {
    const size = Math.max(1, Math.floor(batchSize))
    if (options.maxRows !== undefined && options.maxRows <= size) {
      const { rows } = await this.query<R>(sql, params, options)
      if (rows.length > 0) yield rows
      return
    }
    let wake: (() => void) | undefined
    let pending: { rows: R[] } | { done: true } | { error: unknown } | undefined
    let consumerWants: (() => void) | undefined
    let stopped = false
    const deliver = (value: typeof pending) =>
      new Promise<void>((resolve) => {
        if (stopped) return resolve()
        pending = value
        consumerWants = resolve
        wake?.()
      })
    const producer = this.pg
      .transaction(async (tx) => {
        await tx.query(`DECLARE onemap_cursor NO SCROLL CURSOR FOR ${sql}`, params)
        for (;;) {
          if (stopped || options.signal?.aborted) break
          const batch = await tx.query<R>(`FETCH ${size} FROM onemap_cursor`)
          if (batch.rows.length === 0) break
          await deliver({ rows: batch.rows })
        }
        await tx.rollback()
      })
      .then(
        () => deliver({ done: true }),
        (error: unknown) => deliver({ error }),
      )
    try {
      for (;;) {
        if (!pending) await new Promise<void>((resolve) => (wake = resolve))
        const item = pending
        pending = undefined
        const resume = consumerWants
        if (!item || 'done' in item) break
        if ('error' in item) throw item.error
        yield item.rows
        resume?.()
      }
    } finally {
      stopped = true
      consumerWants?.()
      await producer
    }
  }

  async close(): Promise<void> {
    await this.pg.close()
  }
}
