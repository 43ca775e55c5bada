/** Result of a query: rows with column values already parsed to JS types. */
export interface QueryResult<R> {
  rows: R[]
  rowCount: number
}

export interface QueryOptions {
  /** Aborting cancels the statement on the server (PostGIS); PGlite cannot interrupt a running statement. */
  signal?: AbortSignal
}

export interface CursorOptions extends QueryOptions {
  /**
   * The most rows the statement can return (its LIMIT), if known. A result that fits one batch runs
   * as a single statement: no transaction, DECLARE and FETCH round trips.
   */
  maxRows?: number
}

/** Anything that runs parameterised SQL: the database itself or an open transaction. */
export interface Queryable {
  query<R = Record<string, unknown>>(sql: string, params?: unknown[], options?: QueryOptions): Promise<QueryResult<R>>
  /** Run a script of several statements without parameters (migrations, DDL). */
  exec(sql: string): Promise<void>
}

/**
 * The one way OneMap talks to its database. Two implementations: a PostGIS server via `pg`
 * and the embedded PGlite + PostGIS. Everything above this interface is the same SQL.
 */
export interface Database extends Queryable {
  readonly kind: 'postgis' | 'pglite'
  /** Whether ST_AsMVT works (PGlite's PostGIS is built without protobuf). */
  readonly hasMvt: boolean
  /** Run `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>
  /**
   * Stream the rows of a query in batches through a server-side cursor, so memory stays
   * bounded however large the result. Breaking out of the loop closes the cursor. Batches hold at
   * most `batchSize` rows; the PostGIS implementation yields rows as they arrive (often fewer per
   * batch), so the consumer can write them out while the server still computes the rest.
   */
  cursor<R = Record<string, unknown>>(sql: string, params?: unknown[], batchSize?: number, options?: CursorOptions): AsyncGenerator<R[]>
  close(): Promise<void>
}

/** Values of these Postgres types come back as JS numbers on both implementations. */
export const NUMERIC_OIDS = { INT8: 20, NUMERIC: 1700 } as const

export function parseNumber(value: string): number {
  return Number(value)
}
