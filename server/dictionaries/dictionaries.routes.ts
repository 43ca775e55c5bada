import type { FastifyInstance } from 'fastify'
import { codeSchema, crosswalkSchema, detailSchema, kcxsSchema, listSchema } from './dictionaries.schemas.js'
import { codeDetail, crosswalkView, dictionaryDetail, dictionaryList, kcxsView } from './dictionaries.service.js'

/**
 * GET /api/dictionaries[/:id[/codes/:code]], /api/dictionaries/crosswalk, /api/dictionaries/kcxs —
 * the code dictionaries as the database holds them (what the SQL helpers use).
 */
export default async function dictionariesRoutes(app: FastifyInstance): Promise<void> {
  app.get('/dictionaries', { schema: listSchema }, async () => dictionaryList(app.db))

  app.get<{ Querystring: { from: string; to: string; code?: string } }>(
    '/dictionaries/crosswalk', { schema: crosswalkSchema }, async (request) => crosswalkView(app.db, request.query))

  app.get<{ Querystring: { region?: string } }>(
    '/dictionaries/kcxs', { schema: kcxsSchema }, async (request) => kcxsView(app.db, request.query.region))

  app.get<{ Params: { id: string }; Querystring: { group?: string; level?: number } }>(
    '/dictionaries/:id', { schema: detailSchema }, async (request) => dictionaryDetail(app.db, request.params.id, request.query))

  app.get<{ Params: { id: string; code: string } }>(
    '/dictionaries/:id/codes/:code', { schema: codeSchema }, async (request) => codeDetail(app.db, request.params.id, request.params.code))
}
