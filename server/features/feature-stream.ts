import { Readable } from 'node:stream'
import type { Database } from '../db/database.js'
import type { SqlStatement } from './feature-query.types.js'

/** A cursor whose first batch has already been fetched, so SQL errors surface before any byte is sent. */
export interface PrefetchedCursor<R> {
  first: R[]
  rest: AsyncGenerator<R[]>
}

/** What the stream needs besides the cursor. */
export interface FeatureStreamOptions {
  /** Aborting (the client went away) cancels the running statement and ends the stream. */
  signal?: AbortSignal
  /** Write at most this many features; a further row only tells that more exist (`more`). */
  maxFeatures?: number
  /** Top-level members written after "features", e.g. numberReturned and the paging links. */
  tail?: (summary: StreamSummary) => Record<string, unknown> | Promise<Record<string, unknown>>
}

/** What the stream knows once the features are out: how many, and whether rows were left. */
export interface StreamSummary {
  returned: number
  /** Rows were left after `maxFeatures`: there is a next page. */
  more: boolean
}

/**
 * Open a cursor and wait for its first rows, so that SQL errors surface before any byte is sent. The
 * caller must consume `rest` to the end or call `rest.return()`, which closes the cursor. `maxRows`
 * (the statement's LIMIT, if known) lets a result that fits one batch run as a single statement.
 */
export async function openPrefetchedCursor<R>(db: Database, statement: SqlStatement, batchSize: number, signal?: AbortSignal, maxRows?: number): Promise<PrefetchedCursor<R>> {
  const rest = db.cursor<R>(statement.sql, statement.params, batchSize, { signal, maxRows })
  try {
    const step = await rest.next()
    return { first: step.done ? [] : step.value, rest }
  } catch (error) {
    await rest.return(undefined).catch(() => undefined)
    throw error
  }
}

/**
 * All batches of a prefetched cursor, the first one included; leaving the loop closes the cursor.
 * The next batch is requested before the current one is handed on, so the database computes rows
 * while they are written out (at most two batches in memory).
 */
export async function* allBatches<R>(cursor: PrefetchedCursor<R>, signal?: AbortSignal): AsyncGenerator<R[]> {
  if (cursor.first.length === 0) {
    await cursor.rest.return(undefined)
    return
  }
  const readAhead = () => {
    const next = cursor.rest.next()
    // Marked as handled now: it may fail while the consumer still holds the previous batch; awaited below.
    next.catch(() => undefined)
    return next
  }
  let ahead = readAhead()
  try {
    yield cursor.first
    for (;;) {
      signal?.throwIfAborted()
      const step = await ahead
      if (step.done) return
      ahead = readAhead()
      yield step.value
    }
  } finally {
    // Let a read-ahead in flight settle (its error, if any, no longer matters), then close the cursor.
    await ahead.catch(() => undefined)
    await cursor.rest.return(undefined)
  }
}

/** JSON text of the members of an object without its braces: `"a":1,"b":2`. */
function membersText(members: Record<string, unknown>): string {
  return JSON.stringify(members).slice(1, -1)
}

/**
 * Characters gathered before a piece is handed on. Rows arrive a PostgreSQL output buffer (8 kB) at
 * a time; writing each group as it came meant ~85 socket writes per 1,000 features, each waking the
 * client. Gathering costs no time to the last byte: the end of the rows flushes what is left.
 */
const PIECE_CHARS = 64 * 1024

/**
 * The text of a GeoJSON FeatureCollection, piece by piece, from rows whose `feature` column is a
 * complete Feature (see buildFeatureQuery). At most one batch is held at a time.
 */
export async function* featureCollectionChunks(cursor: PrefetchedCursor<{ feature: string }>, options: FeatureStreamOptions): AsyncGenerator<string> {
  const max = options.maxFeatures ?? Number.POSITIVE_INFINITY
  const summary: StreamSummary = { returned: 0, more: false }
  let piece = '{"type":"FeatureCollection","features":[\n'
  for await (const batch of allBatches(cursor, options.signal)) {
    const room = max - summary.returned
    const rows = batch.length > room ? batch.slice(0, room) : batch
    if (rows.length) piece += (summary.returned ? ',\n' : '') + rows.map((r) => r.feature).join(',\n')
    summary.returned += rows.length
    if (batch.length > room) {
      summary.more = true
      break
    }
    if (piece.length >= PIECE_CHARS) {
      yield piece
      piece = ''
    }
  }
  const tail = options.tail ? membersText(await options.tail(summary)) : ''
  yield `${piece}\n]${tail ? ',' + tail : ''}}\n`
}

/**
 * A FeatureCollection from an open cursor on buildFeatureQuery rows, written out as the rows arrive
 * and produced as the client reads it (back-pressure keeps memory to about two batches). Open the
 * cursor (openPrefetchedCursor) before sending the status, so a failing query is still an error
 * response.
 */
export function featureCollectionStream(cursor: PrefetchedCursor<{ feature: string }>, options: FeatureStreamOptions): Readable {
  return Readable.from(featureCollectionChunks(cursor, options), { objectMode: false, highWaterMark: 64 * 1024 })
}
