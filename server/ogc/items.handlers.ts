import { Readable } from 'node:stream'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { LayerEntry } from '../catalog/catalog.types.js'
import { NotFoundError } from '../errors/problem.js'
import {
  buildCountQuery, buildFeatureQuery, buildFeatureRowsQuery, featureCollectionStream, hasSelection, openPrefetchedCursor,
  selectedAttributes, withFilterErrors, type FeatureQueryOptions,
} from '../features/index.js'
import { featureHtml, itemsHtmlChunks, type FeatureRow } from './html/feature-html.js'
import { parseItemRequest, parseItemsRequest, type ItemsRequest } from './items-query.js'
import { itemsPageLinks, link, MEDIA, ogcRoot, selfAndAlternate, withFormat } from './links.js'
import { clientGoneSignal, negotiateFormat, parseRawQuery, type OgcFormat, type RawQuery } from './ogc-request.js'
import { findCollection } from './collections.handlers.js'
import { EarlyPage } from './early-page.js'

/** Rows per cursor round trip: about two batches are held in memory while a response streams. */
export const FETCH_BATCH = 2000

type ItemsParams = { Params: { collectionId: string } }
type ItemParams = { Params: { collectionId: string; featureId: string } }

/**
 * numberMatched: the catalog's feature_count when nothing is selected, otherwise a count capped at
 * ITEMS_MATCHED_MAX (beyond it the member is left out, which OGC API Features allows).
 */
async function numberMatched(app: FastifyInstance, layer: LayerEntry, options: FeatureQueryOptions, signal: AbortSignal): Promise<number | undefined> {
  if (!hasSelection(layer, options)) return layer.feature_count
  const cap = app.config.ITEMS_MATCHED_MAX
  const { sql, params } = buildCountQuery(layer, options, cap)
  const { rows } = await app.db.query<{ n: number }>(sql, params, { signal })
  const n = Number(rows[0]?.n ?? 0)
  return n > cap ? undefined : n
}

interface PageContext {
  app: FastifyInstance
  layer: LayerEntry
  query: RawQuery
  items: ItemsRequest
  root: string
  signal: AbortSignal
}

/** The page's feature query: one row more than the page, so that its arrival tells there is a next page. */
function pageQuery(items: ItemsRequest): FeatureQueryOptions {
  return { ...items.options, limit: items.limit + 1, offset: items.offset }
}

function pageLinks(c: PageContext, format: OgcFormat, more: boolean) {
  return itemsPageLinks(`${c.root}/collections/${c.layer.id}/items`, c.query, { format, offset: c.items.offset, limit: c.items.limit, more })
}

/**
 * Start the GeoJSON page's query from the collection's previous catalog entry (see EarlyPage). Not on
 * PGlite: its one connection runs statements one after another, so there is nothing to overlap (and
 * an open cursor would hold the connection the catalog lookup waits for).
 */
function startEarly(app: FastifyInstance, recent: LayerEntry | undefined, query: RawQuery, signal: AbortSignal): EarlyPage | undefined {
  if (!recent || app.db.kind === 'pglite') return undefined
  try {
    const items = parseItemsRequest(query, recent, app.config)
    return EarlyPage.start(app.db, buildFeatureQuery(recent, pageQuery(items)), FETCH_BATCH, signal, items.limit + 1)
  } catch {
    return undefined // the request does not fit the old entry; the fresh one says why
  }
}

async function sendGeoJsonPage(c: PageContext, reply: FastifyReply, early?: EarlyPage) {
  const matched = await numberMatched(c.app, c.layer, c.items.options, c.signal)
  const timeStamp = new Date().toISOString()
  const statement = buildFeatureQuery(c.layer, pageQuery(c.items))
  const cursor = await (early?.take(statement) ?? openPrefetchedCursor<{ feature: string }>(c.app.db, statement, FETCH_BATCH, c.signal, c.items.limit + 1))
  const stream = featureCollectionStream(cursor, {
    signal: c.signal,
    maxFeatures: c.items.limit,
    tail: (s) => ({ numberReturned: s.returned, numberMatched: matched, timeStamp, links: pageLinks(c, 'json', s.more) }),
  })
  return reply.type(MEDIA.geojson).header('Content-Crs', `<${c.items.outputCrs.uri}>`).send(stream)
}

async function sendHtmlPage(c: PageContext, reply: FastifyReply) {
  const matched = await numberMatched(c.app, c.layer, c.items.options, c.signal)
  const options = { ...pageQuery(c.items), skipGeometry: true }
  const cursor = await openPrefetchedCursor<FeatureRow>(c.app.db, buildFeatureRowsQuery(c.layer, options), FETCH_BATCH, c.signal, options.limit)
  const chunks = itemsHtmlChunks(cursor, {
    root: c.root, layer: c.layer, attributes: selectedAttributes(c.layer, options.properties), offset: c.items.offset,
    maxFeatures: c.items.limit, numberMatched: matched, links: (s) => pageLinks(c, 'html', s.more), signal: c.signal,
  })
  return reply.type(`${MEDIA.html}; charset=utf-8`).send(Readable.from(chunks, { objectMode: false, highWaterMark: 64 * 1024 }))
}

/**
 * GET /collections/{collectionId}/items — a page of features, streamed from a cursor. A GeoJSON page's
 * query starts beside the catalog lookup when the collection was asked for before (EarlyPage).
 */
export function itemsHandler(app: FastifyInstance) {
  const recent = new Map<string, LayerEntry>()
  return async (request: FastifyRequest<ItemsParams>, reply: FastifyReply) => {
    const id = request.params.collectionId
    const query = parseRawQuery(request.url)
    const format = negotiateFormat(request, query)
    const signal = clientGoneSignal(reply)
    const early = format === 'json' ? startEarly(app, recent.get(id), query, signal) : undefined
    try {
      const layer = await findCollection(app, request, id)
      recent.set(id, layer)
      const items = parseItemsRequest(query, layer, app.config)
      const context: PageContext = { app, layer, query, items, root: ogcRoot(request, app.config), signal }
      return await withFilterErrors(items.options.filter !== undefined, () => (format === 'html' ? sendHtmlPage(context, reply) : sendGeoJsonPage(context, reply, early)))
    } catch (error) {
      if (error instanceof NotFoundError) recent.delete(id)
      early?.discard()
      throw error
    }
  }
}

function featureLinks(root: string, layer: LayerEntry, id: number, format: OgcFormat) {
  const collection = `${root}/collections/${layer.id}`
  return [
    ...selfAndAlternate(`${collection}/items/${id}`, format, MEDIA.geojson, 'this feature'),
    link(withFormat(collection, 'json'), 'collection', MEDIA.json, layer.title_zh),
  ]
}

function parseFeatureId(text: string, layer: LayerEntry): number {
  const id = /^\d{1,15}$/.test(text) ? Number(text) : NaN
  if (!Number.isSafeInteger(id) || id < 1) throw new NotFoundError(`Collection "${layer.id}" has no feature "${text}"; feature ids are positive whole numbers.`)
  return id
}

/** GET /collections/{collectionId}/items/{featureId} — one feature. */
export function itemHandler(app: FastifyInstance) {
  return async (request: FastifyRequest<ItemParams>, reply: FastifyReply) => {
    const layer = await findCollection(app, request, request.params.collectionId)
    const id = parseFeatureId(request.params.featureId, layer)
    const query = parseRawQuery(request.url)
    const format = negotiateFormat(request, query)
    const options = parseItemRequest(query, layer, id)
    const root = ogcRoot(request, app.config)
    const links = featureLinks(root, layer, id, format)
    const statement = format === 'html' ? buildFeatureRowsQuery(layer, options) : buildFeatureQuery(layer, options)
    const { rows } = await app.db.query<FeatureRow & { feature: string }>(statement.sql, statement.params, { signal: clientGoneSignal(reply) })
    if (!rows[0]) throw new NotFoundError(`Collection "${layer.id}" has no feature ${id}. GET ${root}/collections/${layer.id}/items lists its features.`)
    reply.header('Content-Crs', `<${options.outputCrs!.uri}>`)
    if (format === 'html') return reply.type(`${MEDIA.html}; charset=utf-8`).send(featureHtml(root, layer, selectedAttributes(layer, options.properties), rows[0], links))
    return reply.type(MEDIA.geojson).send({ ...JSON.parse(rows[0].feature), links })
  }
}
