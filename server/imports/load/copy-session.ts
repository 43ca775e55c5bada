import { once } from 'node:events'
import copyStreams from 'pg-copy-streams'
import type pg from 'pg'
import type { QueryOptions, QueryResult, Queryable } from '../../db/database.js'
import type { PgDatabase } from '../../db/pg-database.js'

/**
 * One load transaction on its own PostGIS connection that can also stream COPY FROM STDIN (which
 * the Database interface does not offer: PGlite has no such protocol path). JIT is off and the
 * import's statement timeout applies; an aborted signal cancels the running statement (a COPY is
 * failed with CopyFail), and the transaction is rolled back.
 */
export class CopySession implements Queryable {
  private constructor(private readonly pool: pg.Pool, private readonly client: pg.PoolClient) {}

  /** Run `fn` in a session whose transaction commits when it resolves and rolls back when it throws. */
  static async run<T>(db: PgDatabase, timeoutMs: number, fn: (s: CopySession) => Promise<T>): Promise<T> {
    const client = await db.pool.connect()
    let committed = false
    try {
      await client.query('BEGIN')
      // enable_seqscan off: the fresh stage has no statistics, and each batch's check must use its fid range.
      await client.query(`SELECT set_config('jit', 'off', true), set_config('statement_timeout', $1, true), set_config('enable_seqscan', 'off', true)`, [String(timeoutMs)])
      const result = await fn(new CopySession(db.pool, client))
      await client.query('COMMIT')
      committed = true
      return result
    } finally {
      if (!committed) await client.query('ROLLBACK').catch(() => undefined)
      client.release()
    }
  }

  private cancelOn(signal: AbortSignal | undefined, cancel: () => void): () => void {
    signal?.throwIfAborted()
    signal?.addEventListener('abort', cancel, { once: true })
    return () => signal?.removeEventListener('abort', cancel)
  }

  private cancelBackend = () => {
    const pid = (this.client as unknown as { processID?: number }).processID
    if (pid) this.pool.query('SELECT pg_cancel_backend($1)', [pid]).catch(() => undefined)
  }

  async query<R>(sql: string, params: unknown[] = [], options: QueryOptions = {}): Promise<QueryResult<R>> {
    const done = this.cancelOn(options.signal, this.cancelBackend)
    try {
      const result = await this.client.query(sql, params)
      return { rows: result.rows as R[], rowCount: result.rowCount ?? result.rows.length }
    } finally {
      done()
    }
  }

  async exec(sql: string): Promise<void> {
    await this.client.query(sql)
  }

  /** `COPY … FROM STDIN` with `data` (COPY text rows); resolves once the server has taken them. */
  async copy(sql: string, data: Buffer, signal?: AbortSignal): Promise<void> {
    const stream = this.client.query(copyStreams.from(sql))
    const done = this.cancelOn(signal, () => stream.destroy(new Error('The import was cancelled.')))
    try {
      const finished = once(stream, 'finish')
      stream.end(data)
      await finished
    } finally {
      done()
    }
  }
}
