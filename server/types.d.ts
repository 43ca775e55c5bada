import type { Config } from './config/config.js'
import type { Database } from './db/database.js'
import type { Caller } from './catalog/catalog.types.js'

declare module 'fastify' {
  interface FastifyInstance {
    config: Config
    db: Database
  }
  interface FastifyRequest {
    /** Who is asking; every data path filters layers by this caller's clearance. */
    caller: Caller
  }
}
