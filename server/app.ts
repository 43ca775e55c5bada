import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify'
import compress from '@fastify/compress'
import type { Config } from './config/config.js'
import type { Database } from './db/database.js'
import type { Caller } from './catalog/catalog.types.js'
import errorsPlugin from './errors/errors.plugin.js'
import healthRoutes from './health/health.routes.js'
import catalogRoutes from './catalog/catalog.routes.js'
import areaRoutes from './area/area.routes.js'
import dictionariesRoutes from './dictionaries/dictionaries.routes.js'
import tilesRoutes from './tiles/tiles.routes.js'
import exportRoutes from './exports/exports.routes.js'
import ogcRoutes from './ogc/ogc.routes.js'
import jobsPlugin from './jobs/jobs.plugin.js'
import importsPlugin from './imports/imports.plugin.js'
import webPlugin from './web/web.plugin.js'

export interface AppOptions {
  config: Config
  db: Database
  logger?: FastifyServerOptions['logger']
}

/**
 * The whole application as a Fastify instance, not yet listening. Tests build it and use
 * `app.inject()`; server.ts adds process concerns (listen, signals).
 */
export async function buildApp({ config, db, logger = false }: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger,
    // Time to receive a whole request, uploads included (queries are bounded by statement_timeout,
    // and a client that goes away cancels its query).
    requestTimeout: config.REQUEST_TIMEOUT_MS,
    bodyLimit: 16 * 1024 * 1024,
    ajv: { customOptions: { coerceTypes: 'array', removeAdditional: false } },
  })
  app.decorate('config', config)
  app.decorate('db', db)
  // No login exists yet: every request acts with full clearance. The security issue replaces this hook.
  const defaultCaller: Caller = { clearance: 'confidential' }
  app.decorateRequest('caller', null as unknown as Caller)
  app.addHook('onRequest', async (request) => {
    request.caller = defaultCaller
  })

  // Tier 1: third-party wiring.
  await app.register(errorsPlugin)
  await app.register(compress, { global: true, threshold: 1024 })

  // Tier 3: routes, one plugin per capability; the prefix is the URL.
  await app.register(healthRoutes, { prefix: '/api' })
  await app.register(catalogRoutes, { prefix: '/api' })
  await app.register(areaRoutes, { prefix: '/api/analysis' })
  await app.register(dictionariesRoutes, { prefix: '/api' })
  await app.register(tilesRoutes, { prefix: '/tiles' })
  await app.register(exportRoutes, { prefix: '/api' })
  await app.register(ogcRoutes, { prefix: '/ogc' })
  await app.register(jobsPlugin)
  await app.register(importsPlugin)
  await app.register(webPlugin)
  return app
}
