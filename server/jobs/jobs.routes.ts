import type { FastifyInstance } from 'fastify'
import { ConflictError, NotFoundError } from '../errors/problem.js'
import { jobSchema, presentJob } from './job-view.js'
import { JOB_STATES, jobsRepository as repo, type JobRow, type JobState } from './jobs.repository.js'

const idParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', pattern: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$' } },
} as const

const problem = { type: 'object', additionalProperties: true } as const
const CANCELLED_QUEUED = 'Cancelled on request before it started; nothing was changed.'

/** GET /jobs, GET /jobs/:id, POST /jobs/:id/cancel, DELETE /jobs/:id. */
export default async function jobsRoutes(app: FastifyInstance): Promise<void> {
  const view = (row: JobRow) => presentJob(row, app.jobs.handler(row.kind))
  const find = async (id: string) => {
    const row = await repo.get(app.db, id)
    if (!row) throw new NotFoundError(`There is no job ${id}; list jobs at /api/jobs.`)
    return row
  }
  const cancel = async (id: string) => {
    const row = await repo.cancel(app.db, id, CANCELLED_QUEUED)
    // A queued job never ran: release what it holds (an import's uploaded files) now.
    if (row?.state === 'cancelled') await app.jobs.handler(row.kind)?.recover?.(row)
    if (row) return row
    const current = await find(id)
    throw new ConflictError(`Job ${id} has already finished (${current.state}); there is nothing to cancel.`)
  }

  app.get<{ Querystring: { state?: JobState; kind?: string; limit: number } }>('/jobs', {
    schema: {
      querystring: {
        type: 'object',
        properties: { state: { type: 'string', enum: [...JOB_STATES] }, kind: { type: 'string', maxLength: 32 }, limit: { type: 'integer', minimum: 1, maximum: 500, default: 50 } },
        additionalProperties: false,
      },
      response: { 200: { type: 'object', properties: { jobs: { type: 'array', items: jobSchema } } }, 400: problem },
    },
  }, async (request) => ({ jobs: (await repo.list(app.db, request.query)).map(view) }))

  app.get<{ Params: { id: string } }>('/jobs/:id', {
    schema: { params: idParams, response: { 200: jobSchema, 400: problem, 404: problem } },
  }, async (request) => view(await find(request.params.id)))

  app.post<{ Params: { id: string } }>('/jobs/:id/cancel', {
    schema: { params: idParams, response: { 202: jobSchema, 404: problem, 409: problem } },
  }, async (request, reply) => reply.status(202).send(view(await cancel(request.params.id))))

  app.delete<{ Params: { id: string } }>('/jobs/:id', {
    schema: { params: idParams, response: { 202: jobSchema, 404: problem } },
  }, async (request, reply) => {
    const row = await find(request.params.id)
    if (row.state === 'queued' || row.state === 'running') return reply.status(202).send(view(await cancel(row.id)))
    await repo.remove(app.db, row.id)
    return reply.status(204).send()
  })
}
