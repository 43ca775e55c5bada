import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { importJobHandler } from './imports.job.js'
import importsRoutes from './imports.routes.js'

/** Imports: the 'import' job handler on the runner, and POST /api/imports. Needs the jobs plugin. */
async function importsPlugin(app: FastifyInstance): Promise<void> {
  app.jobs.register('import', importJobHandler(app.db, app.config))
  await app.register(importsRoutes, { prefix: '/api' })
}

export default fp(importsPlugin, { name: 'imports', dependencies: ['jobs'] })
