import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { LayerEntry } from '../catalog/catalog.types.js'
import { NotFoundError } from '../errors/problem.js'
import { createTileCache, type TileCache, type TileEntry } from './tile-cache.js'
import { parseTileAddress } from './tile-coords.js'
import { TileCatalog } from './tile-layers.js'
import { codedEtag, preferredCoding, type TileCoding } from './tile-encoding.js'
import { TileOccupancy } from './tile-occupancy.js'
import { tileJson, tileJsonSchema } from './tilejson.js'
import { TileService } from './tiles.service.js'

export interface TilesRoutesOptions {
  /** Defaults to the cache the config asks for (Redis with REDIS_URL, else memory). */
  cache?: TileCache
  /** Force the Node encoder ('geojson') even where ST_AsMVT exists (tests compare the two). */
  encoder?: 'mvt' | 'geojson'
  /** Defaults to one built from the config (TILE_OCCUPANCY_MAX_CELLS); tests pass their own to watch it. */
  occupancy?: TileOccupancy
}

const MVT_TYPE = 'application/vnd.mapbox-vector-tile'
const segment = { type: 'string', minLength: 1, maxLength: 2100 } as const
const tileParams = (first: string) => ({
  type: 'object',
  required: [first, 'z', 'x', 'y'],
  properties: { [first]: segment, z: segment, x: segment, y: segment },
})
const nameParams = { type: 'object', required: ['name'], properties: { name: segment } } as const
/**
 * Tile routes gzip their own bytes once per tile (cached with it) and take no request body, so the
 * app-wide compression hooks would only cost time on every tile.
 */
const tileRoute = (first: string) => ({ schema: { params: tileParams(first) }, compress: false, decompress: false } as const)

type TileRequest = FastifyRequest<{ Params: { layers?: string; group?: string; z: string; x: string; y: string } }>
type NameRequest = FastifyRequest<{ Params: { name: string } }>

/** Requests whose layers are not all public: their tiles must not sit in shared HTTP caches. */
const privateResponses = new WeakSet<FastifyRequest>()

function markVisibility(request: FastifyRequest, layers: LayerEntry[]): void {
  if (layers.some((l) => l.tier !== 'public')) privateResponses.add(request)
}

/**
 * Aborts when the client goes away before the response is written, cancelling the tile queries.
 * Made on first use (only a cache miss needs it); a client already gone by then aborts at once.
 */
function clientGone(request: FastifyRequest, reply: FastifyReply): () => AbortSignal {
  let controller: AbortController | undefined
  return () => {
    if (controller) return controller.signal
    const made = (controller = new AbortController())
    reply.raw.once('close', () => {
      if (!reply.raw.writableEnded) made.abort()
    })
    if (request.raw.socket?.destroyed) made.abort()
    return made.signal
  }
}

function etagMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false
  return header.split(',').some((tag) => {
    const t = tag.trim()
    return t === '*' || t === etag
  })
}

/** 204 when empty; 304 when the client has it; otherwise the bytes, compressed (unless tiny) as the client prefers. */
function sendTile(request: FastifyRequest, reply: FastifyReply, entry: TileEntry, coding: TileCoding | null) {
  if (entry.mvt.length === 0) return reply.code(204).send()
  const sent = coding && entry[coding] ? coding : null
  const etag = codedEtag(entry.etag, sent)
  reply.header('ETag', etag).header('Vary', 'Accept-Encoding')
  if (etagMatches(request.headers['if-none-match'], etag)) return reply.code(304).send()
  reply.type(MVT_TYPE)
  return sent ? reply.header('Content-Encoding', sent).send(entry[sent]) : reply.send(entry.mvt)
}

function baseUrl(request: FastifyRequest, publicUrl: string): string {
  return publicUrl ? publicUrl.replace(/\/+$/, '') : `${request.protocol}://${request.host}`
}

function jsonName(name: string): string {
  if (!name.endsWith('.json')) throw new NotFoundError(`No resource at /tiles/${name}. TileJSON is at /tiles/{layer}.json, tiles at /tiles/{layer}/{z}/{x}/{y}.mvt.`)
  return name.slice(0, -'.json'.length)
}

/**
 * Vector tiles and TileJSON: /tiles/{layer or a,b,c}/{z}/{x}/{y}.mvt, /tiles/groups/{group}/{z}/{x}/{y}.mvt,
 * /tiles/{layer or a,b,c}.json and /tiles/groups/{group}.json. See docs/tiles.md.
 */
export default async function tilesRoutes(app: FastifyInstance, options: TilesRoutesOptions): Promise<void> {
  const cache = options.cache ?? createTileCache(app.config, { onError: (e) => app.log.warn({ err: e }, 'tile cache (Redis) unavailable') })
  const occupancy = options.occupancy ?? new TileOccupancy(app.db, {
    maxCells: app.config.TILE_OCCUPANCY_MAX_CELLS,
    margin: app.config.TILE_BUFFER / app.config.TILE_EXTENT,
    onError: (layerId, err) => app.log.warn({ err, layerId }, 'tile occupancy index not built; the layer\'s tiles are queried as usual'),
  })
  const service = new TileService({ db: app.db, settings: app.config, cache, encoder: options.encoder, occupancy, queryConcurrency: app.config.TILE_QUERY_CONCURRENCY })
  app.addHook('onClose', async () => occupancy.idle())
  const catalog = new TileCatalog(app.db, app.config.TILE_CATALOG_TTL_MS)
  if (!options.cache) app.addHook('onClose', async () => cache.close())

  // The one place tile and TileJSON responses get their caching policy: always revalidate (the ETag
  // changes with the data), never store errors, keep non-public layers out of shared caches.
  // A callback hook: an async one costs a promise on every tile.
  app.addHook('onSend', (request, reply, payload, done) => {
    const scope = privateResponses.has(request) ? 'private' : 'public'
    reply.header('Cache-Control', reply.statusCode >= 400 ? 'no-store' : `${scope}, no-cache`)
    done(null, payload)
  })

  // The address is checked before the catalog is read: a bad URL costs no query.
  const serve = async (request: TileRequest, reply: FastifyReply, resolve: () => Promise<LayerEntry[]>) => {
    const at = parseTileAddress(request.params.z, request.params.x, request.params.y)
    const layers = await resolve()
    markVisibility(request, layers)
    const coding = preferredCoding(request.headers['accept-encoding'])
    return sendTile(request, reply, await service.tile(layers, at, clientGone(request, reply), coding), coding)
  }

  app.get('/groups/:group/:z/:x/:y', tileRoute('group'), async (request: TileRequest, reply) =>
    serve(request, reply, () => catalog.group(request.params.group!, request.caller)))

  app.get('/:layers/:z/:x/:y', tileRoute('layers'), async (request: TileRequest, reply) =>
    serve(request, reply, () => catalog.layerList(request.params.layers!, request.caller)))

  app.get('/groups/:name', { schema: { params: nameParams, response: { 200: tileJsonSchema } } }, async (request: NameRequest) => {
    const group = jsonName(request.params.name)
    const layers = await catalog.group(group, request.caller)
    markVisibility(request, layers)
    const url = `${baseUrl(request, app.config.PUBLIC_URL)}/tiles/groups/${encodeURIComponent(group)}/{z}/{x}/{y}.mvt`
    return tileJson(layers, url, group, `OneMap layer group ${group}: ${layers.map((l) => l.id).join(', ')}`)
  })

  app.get('/:name', { schema: { params: nameParams, response: { 200: tileJsonSchema } } }, async (request: NameRequest) => {
    const layers = await catalog.layerList(jsonName(request.params.name), request.caller)
    markVisibility(request, layers)
    const ids = layers.map((l) => l.id).join(',')
    const url = `${baseUrl(request, app.config.PUBLIC_URL)}/tiles/${ids}/{z}/{x}/{y}.mvt`
    const title = layers.length === 1 ? `${layers[0]!.title_zh} / ${layers[0]!.title_en}` : `OneMap layers ${ids}`
    return tileJson(layers, url, ids, title)
  })
}
