import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { findLayer, listLayers } from '../catalog/catalog.repository.js'
import type { LayerEntry } from '../catalog/catalog.types.js'
import { NotFoundError } from '../errors/problem.js'
import { collectionDocument, collectionsDocument, conformanceDocument, landingPage } from './documents.js'
import { apiHtml } from './html/api-html.js'
import { collectionHtml, collectionsHtml, conformanceHtml, landingHtml, queryablesHtml } from './html/pages.js'
import { MEDIA, ogcRoot, selfAndAlternate } from './links.js'
import { negotiateFormat, parseRawQuery, type OgcFormat } from './ogc-request.js'
import { openApiDocument } from './openapi.js'
import { queryablesDocument } from './queryables.js'
import type { TemporalExtents } from './temporal-extent.js'

type CollectionParams = { Params: { collectionId: string } }

/** The layer behind a collection id, as the caller may see it; otherwise a 404 that says where to look. */
export async function findCollection(app: FastifyInstance, request: FastifyRequest, id: string): Promise<LayerEntry> {
  const layer = await findLayer(app.db, id, request.caller)
  if (!layer) throw new NotFoundError(`There is no collection "${id}". GET ${ogcRoot(request, app.config)}/collections lists the collections you can use.`)
  return layer
}

/** Send the JSON document or its HTML page, whichever was negotiated. */
function send(reply: FastifyReply, format: OgcFormat, json: unknown, html: () => string, jsonType: string = MEDIA.json) {
  if (format === 'html') return reply.type(`${MEDIA.html}; charset=utf-8`).send(html())
  return reply.type(jsonType).send(json)
}

function start(app: FastifyInstance, request: FastifyRequest) {
  const format = negotiateFormat(request, parseRawQuery(request.url))
  return { format, root: ogcRoot(request, app.config) }
}

/** GET /ogc — the landing page. */
export function landingHandler(app: FastifyInstance) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { format, root } = start(app, request)
    const doc = landingPage(root, format)
    return send(reply, format, doc, () => landingHtml(root, doc))
  }
}

/** GET /ogc/conformance — the conformance classes implemented. */
export function conformanceHandler(app: FastifyInstance, classes: string[]) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { format, root } = start(app, request)
    const doc = conformanceDocument(root, format, classes)
    return send(reply, format, doc, () => conformanceHtml(root, doc))
  }
}

/** GET /ogc/api — the OpenAPI 3.0 document (or its HTML rendering). */
export function apiHandler(app: FastifyInstance) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { format, root } = start(app, request)
    const doc = openApiDocument(root, await listLayers(app.db, request.caller), app.config)
    const links = selfAndAlternate(`${root}/api`, format, MEDIA.openapi, 'the API definition')
    return send(reply, format, doc, () => apiHtml(root, doc, links), MEDIA.openapi)
  }
}

/** GET /ogc/collections — every layer the caller may see. */
export function collectionsHandler(app: FastifyInstance, temporal: TemporalExtents) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { format, root } = start(app, request)
    const layers = await listLayers(app.db, request.caller)
    const collections = await Promise.all(layers.map(async (l) => collectionDocument(root, l, 'json', await temporal.of(l))))
    const doc = collectionsDocument(root, format, collections)
    return send(reply, format, doc, () => collectionsHtml(root, doc, layers))
  }
}

/** GET /ogc/collections/{collectionId} — one layer's metadata. */
export function collectionHandler(app: FastifyInstance, temporal: TemporalExtents) {
  return async (request: FastifyRequest<CollectionParams>, reply: FastifyReply) => {
    const layer = await findCollection(app, request, request.params.collectionId)
    const { format, root } = start(app, request)
    const doc = collectionDocument(root, layer, format, await temporal.of(layer))
    return send(reply, format, doc, () => collectionHtml(root, doc, layer))
  }
}

/** GET /ogc/collections/{collectionId}/queryables — JSON Schema of the filterable properties. */
export function queryablesHandler(app: FastifyInstance) {
  return async (request: FastifyRequest<CollectionParams>, reply: FastifyReply) => {
    const layer = await findCollection(app, request, request.params.collectionId)
    const { format, root } = start(app, request)
    const doc = queryablesDocument(root, layer)
    const links = selfAndAlternate(`${root}/collections/${layer.id}/queryables`, format, MEDIA.schema, 'the queryables')
    return send(reply, format, doc, () => queryablesHtml(root, layer, doc, links), MEDIA.schema)
  }
}
