import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import {
  apiHandler, collectionHandler, collectionsHandler, conformanceHandler, landingHandler, queryablesHandler,
} from './collections.handlers.js'
import { CQL2_CONFORMANCE_CLASSES } from '../cql2/index.js'
import { conformanceClasses } from './conformance.js'
import { itemHandler, itemsHandler } from './items.handlers.js'
import { MEDIA } from './links.js'
import { TemporalExtents } from './temporal-extent.js'

const collectionId = { type: 'string', maxLength: 200 }
const collectionParams = { type: 'object', required: ['collectionId'], properties: { collectionId } }
const featureParams = { type: 'object', required: ['collectionId', 'featureId'], properties: { collectionId, featureId: { type: 'string', maxLength: 200 } } }

/**
 * Fastify rewrites `;version=3.0` to `; version="3.0"; charset=utf-8`, and GDAL's OAPIF driver then
 * refuses the API document: put the media type back exactly as OGC and GDAL spell it.
 */
async function exactOpenApiType(_request: FastifyRequest, reply: FastifyReply, payload: unknown) {
  if (String(reply.getHeader('content-type')).startsWith('application/vnd.oai.openapi+json')) reply.header('content-type', MEDIA.openapi)
  return payload
}

/**
 * OGC API Features (Parts 1–3) under /ogc. Query strings are parsed by the handlers themselves
 * (ogc-request.ts) so that unknown, repeated or malformed parameters get a 400 naming them and the
 * allowed values, and paging links can keep the client's exact parameters.
 */
export default async function ogcRoutes(app: FastifyInstance): Promise<void> {
  const temporal = new TemporalExtents(app.db)
  app.get('/', landingHandler(app))
  app.get('/conformance', conformanceHandler(app, conformanceClasses(CQL2_CONFORMANCE_CLASSES)))
  app.get('/api', { onSend: exactOpenApiType }, apiHandler(app))
  app.get('/collections', collectionsHandler(app, temporal))
  app.get('/collections/:collectionId', { schema: { params: collectionParams } }, collectionHandler(app, temporal))
  app.get('/collections/:collectionId/queryables', { schema: { params: collectionParams } }, queryablesHandler(app))
  app.get('/collections/:collectionId/items', { schema: { params: collectionParams } }, itemsHandler(app))
  app.get('/collections/:collectionId/items/:featureId', { schema: { params: featureParams } }, itemHandler(app))
}
