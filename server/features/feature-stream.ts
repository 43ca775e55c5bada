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
 * Bytes gathered before a piece is handed on. Rows arrive a PostgreSQL output buffer (8 kB) at a
 * time; writing each group as it came meant ~85 socket writes per 1,000 features, each waking the
 * client. Gathering costs no time to the last byte: the end of the rows flushes what is left.
 */
const PIECE_BYTES = 64 * 1024

/**
 * UTF-8 pieces of the response, each text encoded straight into the piece's buffer: no joined string
 * of the rows, and nothing left for the socket to encode.
 */
class Pieces {
  private buffer = Buffer.allocUnsafe(PIECE_BYTES)
  private used = 0

  /** Append `text`; returns the previous piece if it had no room left for it. */
  add(text: string): Buffer | undefined {
    // A UTF-16 code unit takes at most 3 bytes in UTF-8.
    const room = text.length * 3
    const full = this.used + room > this.buffer.length ? this.take(room) : undefined
    this.used += this.buffer.write(text, this.used)
    return full
  }

  /** What has been gathered (undefined if nothing); the next piece holds at least `room` bytes. */
  take(room = 0): Buffer | undefined {
    const piece = this.used ? this.buffer.subarray(0, this.used) : undefined
    if (piece || room > this.buffer.length) this.buffer = Buffer.allocUnsafe(Math.max(PIECE_BYTES, room))
    this.used = 0
    return piece
  }
}

/**
 * The text of a GeoJSON FeatureCollection as UTF-8 pieces, from rows whose `feature` column is a
 * complete Feature (see buildFeatureQuery). At most one batch is held at a time.
 */
export async function* featureCollectionChunks(cursor: PrefetchedCursor<{ feature: string }>, options: FeatureStreamOptions): AsyncGenerator<Buffer> {
  const max = options.maxFeatures ?? Number.POSITIVE_INFINITY
  const summary: StreamSummary = { returned: 0, more: false }
  const pieces = new Pieces()
  pieces.add('{"type":"FeatureCollection","features":[\n')
  for await (const batch of allBatches(cursor, options.signal)) {
    const rows = batch.length > max - summary.returned ? batch.slice(0, max - summary.returned) : batch
    for (const row of rows) {
      const full = pieces.add(summary.returned === 0 ? row.feature : ',\n' + row.feature)
      summary.returned += 1
      if (full) yield full
    }
    if (rows.length < batch.length) {
      summary.more = true
      break
    }
  }
  const tail = options.tail ? membersText(await options.tail(summary)) : ''
  const full = pieces.add(`\n]${tail ? ',' + tail : ''}}\n`)
  if (full) yield full
  yield pieces.take()!
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
