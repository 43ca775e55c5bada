import type { FastifyInstance } from 'fastify'
import fastifyStatic from '@fastify/static'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

export const WEB_DIST = fileURLToPath(new URL('../../web/dist/', import.meta.url))

/** Serves the built web client (web/dist) at `/`. `npm start` builds it first when missing. */
export default async function webPlugin(app: FastifyInstance): Promise<void> {
  if (!existsSync(WEB_DIST)) {
    app.get('/', async (_request, reply) =>
      reply.type('text/plain; charset=utf-8').send('The web client is not built. Run `npm run build` (npm start does this for you).'))
    return
  }
  await app.register(fastifyStatic, { root: WEB_DIST, prefix: '/', index: 'index.html', maxAge: '1h' })
}
