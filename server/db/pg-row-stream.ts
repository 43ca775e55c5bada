import pg from 'pg'

/** While `signal` is live, an abort asks the server (from another connection) to cancel what `client` runs. */
export function cancelOnAbort(pool: pg.Pool, client: pg.PoolClient, signal?: AbortSignal): () => void {
  const pid = (client as unknown as { processID?: number }).processID
  const cancel = () => {
    if (pid) pool.query('SELECT pg_cancel_backend($1)', [pid]).catch(() => undefined)
  }
  signal?.addEventListener('abort', cancel, { once: true })
  return () => signal?.removeEventListener('abort', cancel)
}

/**
 * One statement sent at once on `client`, its rows handed over as they arrive (in the groups that
 * one read of the connection delivers) instead of when the statement completes, so a consumer can
 * write rows out while the server still computes the rest. Rows wait here for a slow consumer, so
 * use it for statements with a bounded result (a LIMIT, a FETCH). `finished` settles (never rejects)
 * when the statement has ended; the connection is busy until then.
 */
export class RowStream<R> {
  readonly finished: Promise<void>
  private rows: R[] = []
  private failure: unknown
  private ended = false
  private wake: (() => void) | undefined

  constructor(pool: pg.Pool, client: pg.PoolClient, sql: string, params: unknown[], signal?: AbortSignal) {
    signal?.throwIfAborted()
    const query = new pg.Query(sql, params)
    // With a 'row' listener and no callback, pg does not also collect the rows.
    query.on('row', (row: R) => {
      this.rows.push(row)
      this.notify()
    })
    const release = cancelOnAbort(pool, client, signal)
    this.finished = new Promise<void>((resolve) => {
      const end = (error?: unknown) => {
        release()
        this.failure = error
        this.ended = true
        this.notify()
        resolve()
      }
      query.once('end', () => end())
      query.once('error', end)
    })
    void client.query(query)
  }

  private notify(): void {
    const resume = this.wake
    this.wake = undefined
    resume?.()
  }

  /** The rows in arrival groups; a failed statement throws after the rows it sent. */
  async *batches(): AsyncGenerator<R[]> {
    try {
      for (;;) {
        if (this.rows.length === 0 && !this.ended) await new Promise<void>((resolve) => (this.wake = resolve))
        if (this.rows.length > 0) {
          const batch = this.rows
          this.rows = []
          yield batch
        } else if (this.failure) {
          throw this.failure
        } else if (this.ended) {
          return
        }
      }
    } finally {
      await this.finished
    }
  }
}

/**
 * Every row of the open cursor `name`, `size` rows per FETCH, each FETCH's rows handed over as they
 * arrive. On a client in pipeline mode the next FETCH is sent as soon as the current one delivers,
 * so the server goes on computing while this process writes rows out instead of waiting for it at
 * every FETCH; no further FETCH is sent until the consumer reaches it (about two batches in memory).
 */
export async function* fetchAll<R>(pool: pg.Pool, client: pg.PoolClient, name: string, size: number, signal?: AbortSignal): AsyncGenerator<R[]> {
  const fetch = () => new RowStream<R>(pool, client, `FETCH ${size} FROM ${name}`, [], signal)
  let current = fetch()
  let ahead: RowStream<R> | undefined
  try {
    for (;;) {
      let fetched = 0
      for await (const rows of current.batches()) {
        ahead ??= fetch()
        fetched += rows.length
        yield rows
      }
      // A FETCH that returns fewer rows than asked for was the last one.
      if (fetched < size) return
      current = ahead ?? fetch()
      ahead = undefined
    }
  } finally {
    await ahead?.finished
  }
}
