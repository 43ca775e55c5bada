import type { FastifyInstance, FastifyReply } from 'fastify'
import fastifyStatic from '@fastify/static'
import { existsSync } from 'node:fs'
import { sep } from 'node:path'
import { fileURLToPath } from 'node:url'

export const WEB_DIST = fileURLToPath(new URL('../../web/dist/', import.meta.url))

/**
 * Vite names everything under assets/ by content hash, so those files never change and may be
 * cached for good; index.html (and the rest) must be revalidated, so a new build shows at once.
 */
export function cacheControlFor(path: string): string {
  return path.includes(`${sep}assets${sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache'
}

/** Serves the built web client (web/dist) at `/`. `npm start` builds it first when missing. */
export default async function webPlugin(app: FastifyInstance): Promise<void> {
  if (!existsSync(WEB_DIST)) {
    app.get('/', async (_request, reply) =>
      reply.type('text/plain; charset=utf-8').send('The web client is not built. Run `npm run build:web` (npm start does this for you).'))
    return
  }
  await app.register(fastifyStatic, {
    root: WEB_DIST,
    prefix: '/',
    index: 'index.html',
    cacheControl: false,
    setHeaders: (reply: FastifyReply, path: string) => {
      reply.header('cache-control', cacheControlFor(path))
    },
  })
}
