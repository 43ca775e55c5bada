import type { Database } from '../db/database.js'
import { openPrefetchedCursor, type PrefetchedCursor, type SqlStatement } from '../features/index.js'

/** Rows of buildFeatureQuery. */
export type FeatureCursor = PrefetchedCursor<{ feature: string }>

function sameStatement(a: SqlStatement, b: SqlStatement): boolean {
  return a.sql === b.sql && JSON.stringify(a.params) === JSON.stringify(b.params)
}

/**
 * An items page's query started before the catalog read it depends on has come back, built from the
 * catalog entry the previous request for that collection read. The catalog lookup is a round trip of
 * its own; running the two side by side takes it off the page's time. The page takes the early
 * cursor only if the statement built from the fresh entry is exactly the same (so the caller's
 * clearance and the layer's current columns still decide); otherwise, and on any error before the
 * page is sent, the early cursor is closed and its rows never leave the server.
 */
export class EarlyPage {
  private constructor(
    private readonly statement: SqlStatement,
    private readonly cursor: Promise<FeatureCursor>,
  ) {}

  /** Open a cursor on `statement` now, to be taken or discarded once the catalog has answered. */
  static start(db: Database, statement: SqlStatement, batchSize: number, signal: AbortSignal, maxRows: number): EarlyPage {
    const cursor = openPrefetchedCursor<{ feature: string }>(db, statement, batchSize, signal, maxRows)
    // Awaited by take(), or closed by discard(): never an unhandled rejection.
    cursor.catch(() => undefined)
    return new EarlyPage(statement, cursor)
  }

  /** The early cursor if it runs exactly `statement`; otherwise it is closed and undefined returned. */
  take(statement: SqlStatement): Promise<FeatureCursor> | undefined {
    if (sameStatement(statement, this.statement)) return this.cursor
    this.discard()
    return undefined
  }

  /** Close the early cursor (harmless if it already ended or failed). */
  discard(): void {
    void this.cursor.then((c) => c.rest.return(undefined)).catch(() => undefined)
  }
}
