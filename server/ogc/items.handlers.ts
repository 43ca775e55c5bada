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

function pageQuery(c: PageContext): FeatureQueryOptions {
  // One row more than the page: if it comes, there is a next page.
  return { ...c.items.options, limit: c.items.limit + 1, offset: c.items.offset }
}

function pageLinks(c: PageContext, format: OgcFormat, more: boolean) {
  return itemsPageLinks(`${c.root}/collections/${c.layer.id}/items`, c.query, { format, offset: c.items.offset, limit: c.items.limit, more })
}

async function sendGeoJsonPage(c: PageContext, reply: FastifyReply) {
  const matched = await numberMatched(c.app, c.layer, c.items.options, c.signal)
  const timeStamp = new Date().toISOString()
  const stream = await featureCollectionStream(c.app.db, buildFeatureQuery(c.layer, pageQuery(c)), {
    batchSize: FETCH_BATCH,
    signal: c.signal,
    maxFeatures: c.items.limit,
    maxRows: c.items.limit + 1,
    tail: (s) => ({ numberReturned: s.returned, numberMatched: matched, timeStamp, links: pageLinks(c, 'json', s.more) }),
  })
  return reply.type(MEDIA.geojson).header('Content-Crs', `<${c.items.outputCrs.uri}>`).send(stream)
}

async function sendHtmlPage(c: PageContext, reply: FastifyReply) {
  const matched = await numberMatched(c.app, c.layer, c.items.options, c.signal)
  const options = { ...pageQuery(c), skipGeometry: true }
  const cursor = await openPrefetchedCursor<FeatureRow>(c.app.db, buildFeatureRowsQuery(c.layer, options), FETCH_BATCH, c.signal, options.limit)
  const chunks = itemsHtmlChunks(cursor, {
    root: c.root, layer: c.layer, attributes: selectedAttributes(c.layer, options.properties), offset: c.items.offset,
    maxFeatures: c.items.limit, numberMatched: matched, links: (s) => pageLinks(c, 'html', s.more), signal: c.signal,
  })
  return reply.type(`${MEDIA.html}; charset=utf-8`).send(Readable.from(chunks, { objectMode: false, highWaterMark: 64 * 1024 }))
}

/** GET /collections/{collectionId}/items — a page of features, streamed from a cursor. */
export function itemsHandler(app: FastifyInstance) {
  return async (request: FastifyRequest<ItemsParams>, reply: FastifyReply) => {
    const layer = await findCollection(app, request, request.params.collectionId)
    const query = parseRawQuery(request.url)
    const format = negotiateFormat(request, query)
    const items = parseItemsRequest(query, layer, app.config)
    const context: PageContext = { app, layer, query, items, root: ogcRoot(request, app.config), signal: clientGoneSignal(reply) }
    return withFilterErrors(items.options.filter !== undefined, () => (format === 'html' ? sendHtmlPage(context, reply) : sendGeoJsonPage(context, reply)))
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
