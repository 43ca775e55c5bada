import { join } from 'node:path'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { getLayer } from '../catalog/catalog.repository.js'
import { attachmentHeader, exportFileName } from './content-disposition.js'
import { parseExportParams } from './export.params.js'
import { runExport, type ExportResult } from './export.service.js'

type ExportRequest = FastifyRequest<{ Params: { id: string }; Querystring: Record<string, unknown> }>

/**
 * GET /api/layers/{id}/export?format=geojson|shapefile|csv — the layer, or a filtered part of it,
 * as a file download in a chosen CRS. See docs/exports.md.
 */
export default async function exportRoutes(app: FastifyInstance): Promise<void> {
  app.get('/layers/:id/export', {
    schema: {
      params: { type: 'object', properties: { id: { type: 'string', maxLength: 63 } }, required: ['id'] },
      querystring: { type: 'object', additionalProperties: true },
    },
  }, (request: ExportRequest, reply) => exportLayer(app, request, reply))
}

async function exportLayer(app: FastifyInstance, request: ExportRequest, reply: FastifyReply): Promise<FastifyReply> {
  const layer = await getLayer(app.db, request.params.id, request.caller)
  const params = parseExportParams(request.query, layer)
  const abort = new AbortController()
  const result = await runExport(layer, params, { db: app.db, tmpRoot: join(app.config.ONEMAP_DATA_DIR, 'tmp'), signal: abort.signal })
  releaseWhenDone(reply, result, abort)
  reply.header('content-type', result.contentType)
  reply.header('content-disposition', attachmentHeader(exportFileName(layer.id, result.extension)))
  reply.header('cache-control', 'no-store')
  if (result.warnings.length) reply.header('x-export-warnings', String(result.warnings.length))
  return reply.send(result.body)
}

/** When the response ends or the client goes away: stop the query and delete temporary files. */
function releaseWhenDone(reply: FastifyReply, result: ExportResult, abort: AbortController): void {
  // A body stream failing after the response is gone has no one to tell; the cleanup still runs.
  result.body.on('error', () => undefined)
  reply.raw.once('close', () => {
    if (!reply.raw.writableFinished) abort.abort()
    result.cleanup().catch((error: unknown) => reply.log.warn({ err: error }, 'export cleanup failed'))
  })
}
