import { randomUUID } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { mkdir, rm } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import multipart from '@fastify/multipart'
import { BadRequestError, PayloadTooLargeError } from '../errors/problem.js'
import { jobSchema, presentJob } from '../jobs/job-view.js'
import { parseImportRequest, type RawImportOptions } from './import-request.js'
import { enqueueImport, planImport } from './imports.service.js'

const FIELDS = ['layer', 'mode', 'title', 'titleEn', 'kind', 'year', 'tier', 'encoding', 'srs', 'entry', 'gcj02', 'geometry', 'replace', 'append']
const problem = { type: 'object', additionalProperties: true } as const

function tooLarge(limit: number): PayloadTooLargeError {
  return new PayloadTooLargeError(`The upload is larger than the ${Math.round(limit / 1048576)} MiB this server accepts (UPLOAD_MAX_BYTES). Split the data, or import it with the command line (npm run import) on the server.`)
}

function safeFileName(name: string): string {
  return basename(name.replace(/\\/g, '/')).replace(/[^\p{L}\p{N}._\- ]/gu, '_').slice(0, 120) || 'upload'
}

/** Save the one file part to `dir` and collect the form fields; refuses a file over the limit with 413. */
async function receive(request: FastifyRequest, dir: string, limit: number): Promise<{ path: string; name: string; fields: RawImportOptions }> {
  const fields: Record<string, string> = {}
  let saved: { path: string; name: string } | undefined
  try {
    for await (const part of request.parts({ limits: { fileSize: limit, files: 1, fields: 30, fieldSize: 4096 } })) {
      if (part.type === 'field') {
        if (FIELDS.includes(part.fieldname)) fields[part.fieldname] = String(part.value)
        continue
      }
      const name = safeFileName(part.filename || 'upload')
      const path = join(dir, name)
      await pipeline(part.file, createWriteStream(path))
      if (part.file.truncated) throw tooLarge(limit)
      saved = { path, name }
    }
  } catch (error) {
    if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge(limit)
    throw error
  }
  if (!saved) throw new BadRequestError('The form has no file: send the data as the "file" field of a multipart/form-data request (a .zip of the shapefile, or a .geojson).')
  return { ...saved, fields }
}

/** POST /imports: upload, inspect, queue; answers 202 with the job to poll at /api/jobs/:id. */
export default async function importsRoutes(app: FastifyInstance): Promise<void> {
  const limit = app.config.UPLOAD_MAX_BYTES
  await app.register(multipart, { limits: { fileSize: limit }, throwFileSizeLimit: true })

  app.post('/imports', { schema: { response: { 202: jobSchema, 400: problem, 409: problem, 413: problem, 422: problem } } }, async (request, reply) => {
    if (Number(request.headers['content-length'] ?? 0) > limit + 64 * 1024) throw tooLarge(limit)
    if (!request.isMultipart()) throw new BadRequestError('Send the import as multipart/form-data: a "file" field (.zip, .shp set or .geojson) and a "layer" field.')
    const workDir = join(app.config.ONEMAP_DATA_DIR, 'uploads', randomUUID())
    await mkdir(workDir, { recursive: true })
    try {
      const upload = await receive(request, workDir, limit)
      const req = parseImportRequest(upload.fields)
      const plan = await planImport(app.db, app.config, { path: upload.path, originalName: upload.name, workDir }, req, request.caller)
      const job = await enqueueImport(app.db, app.jobs, { request: req, plan, caller: request.caller, workDir, originalName: upload.name })
      return reply.status(202).header('location', `/api/jobs/${job.id}`).send(presentJob(job, app.jobs.handler('import')))
    } catch (error) {
      await rm(workDir, { recursive: true, force: true })
      throw error
    }
  })
}
