import type { FastifyError, FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { ProblemError } from './problem.js'

/** Postgres error classes that mean the client's input was wrong, not the server. */
const CLIENT_SQLSTATES: Record<string, string> = {
  '22P02': 'A value has the wrong form for its column',
  '22023': 'An argument is out of range',
  XX000: 'The geometry could not be processed',
  '57014': 'The request took too long and was cancelled',
}

/**
 * The single place where errors become HTTP responses (RFC 9457 problem details).
 * 4xx carry their message; 5xx carry a generic text and never a stack trace or SQL.
 */
async function errorsPlugin(app: FastifyInstance): Promise<void> {
  app.setErrorHandler((error: FastifyError & { code?: string }, request, reply) => {
    let status = 500
    let title = 'Internal Server Error'
    let detail = 'Something went wrong on the server; the error has been logged.'
    let extra: Record<string, unknown> = {}
    if (error instanceof ProblemError) {
      ;({ status, title, extra } = error)
      detail = error.message
    } else if (error.validation) {
      status = 400
      title = 'Bad Request'
      detail = `Invalid request: ${error.message}`
    } else if (typeof error.statusCode === 'number' && error.statusCode < 500) {
      status = error.statusCode
      title = error.name === 'FastifyError' ? 'Bad Request' : error.name
      detail = error.message
    } else if (error.code === '57014') {
      status = 503
      title = 'Service Unavailable'
      detail = CLIENT_SQLSTATES['57014']!
    }
    if (status >= 500) request.log.error({ err: error, url: request.url }, 'request failed')
    else request.log.info({ status, detail }, 'request rejected')
    reply.status(status).type('application/problem+json').send({ type: 'about:blank', title, status, detail, instance: request.url, ...extra })
  })
  app.setNotFoundHandler((request, reply) => {
    reply.status(404).type('application/problem+json').send({ type: 'about:blank', title: 'Not Found', status: 404, detail: `No resource at ${request.method} ${request.url}`, instance: request.url })
  })
}

export default fp(errorsPlugin, { name: 'errors' })
