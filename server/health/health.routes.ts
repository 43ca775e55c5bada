import type { FastifyInstance } from 'fastify'
import { readFileSync } from 'node:fs'

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }

/** GET /api/health: is the database reachable, and which one is it. */
export default async function healthRoutes(app: FastifyInstance): Promise<void> {
  app.get('/health', {
    schema: {
      response: {
        200: {
          type: 'object',
          properties: {
            status: { type: 'string' },
            version: { type: 'string' },
            database: {
              type: 'object',
              properties: { kind: { type: 'string' }, postgres: { type: 'string' }, postgis: { type: 'string' }, mvt: { type: 'boolean' } },
            },
          },
        },
      },
    },
  }, async () => {
    const { rows } = await app.db.query<{ postgres: string; postgis: string }>(
      `SELECT current_setting('server_version') AS postgres, postgis_lib_version() AS postgis`,
    )
    return { status: 'ok', version: pkg.version, database: { kind: app.db.kind, ...rows[0], mvt: app.db.hasMvt } }
  })
}
