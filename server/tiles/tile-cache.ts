import { Redis } from 'ioredis'

/** One encoded tile (a layer's, or several layers' concatenated) as it is served. */
export interface TileEntry {
  /** Uncompressed MVT bytes; empty when the tile has no features (served as 204). */
  mvt: Buffer
  /** Compressed copies made so far (each once per tile, kept with it); none for tiny tiles. */
  gzip?: Buffer
  br?: Buffer
  /** Strong ETag (quoted), a hash of `mvt`. */
  etag: string
}

/**
 * Where encoded tiles are kept. Keys name the layer, its incarnation and data_version, the tile and
 * the tile parameters, so a data change makes new keys and old entries are simply never read again:
 * invalidation needs no messages between instances and no TTL.
 */
export interface TileCache {
  readonly kind: 'memory' | 'redis' | 'none'
  get(key: string): Promise<TileEntry | undefined>
  set(key: string, entry: TileEntry): Promise<void>
  close(): Promise<void>
}

function entryBytes(key: string, entry: TileEntry): number {
  return key.length + entry.mvt.length + (entry.gzip?.length ?? 0) + (entry.br?.length ?? 0) + entry.etag.length + 64
}

/** Least-recently-used tiles in this process, bounded by TILE_CACHE_MAX_BYTES. */
export class MemoryTileCache implements TileCache {
  readonly kind = 'memory' as const
  private readonly entries = new Map<string, TileEntry>()
  private bytes = 0

  constructor(private readonly maxBytes: number) {}

  async get(key: string): Promise<TileEntry | undefined> {
    const entry = this.entries.get(key)
    if (entry) {
      this.entries.delete(key)
      this.entries.set(key, entry)
    }
    return entry
  }

  async set(key: string, entry: TileEntry): Promise<void> {
    const size = entryBytes(key, entry)
    if (size > this.maxBytes / 4) return
    const old = this.entries.get(key)
    if (old) {
      this.bytes -= entryBytes(key, old)
      this.entries.delete(key)
    }
    this.entries.set(key, entry)
    this.bytes += size
    this.evict()
  }

  private evict(): void {
    for (const [key, entry] of this.entries) {
      if (this.bytes <= this.maxBytes) break
      this.entries.delete(key)
      this.bytes -= entryBytes(key, entry)
    }
  }

  async close(): Promise<void> {
    this.entries.clear()
    this.bytes = 0
  }
}

/** No caching (TILE_CACHE_MAX_BYTES=0 and no REDIS_URL). */
export class NoTileCache implements TileCache {
  readonly kind = 'none' as const
  async get(): Promise<undefined> {
    return undefined
  }
  async set(): Promise<void> {}
  async close(): Promise<void> {}
}

/** Superseded versions are never read again; this expiry only lets Redis reclaim them. */
const REDIS_EXPIRE_SECONDS = 7 * 24 * 3600

/** [etag length u8][etag][mvt length u32][mvt][gzip length u32][gzip][br]; a missing copy has length 0. */
function pack(entry: TileEntry): Buffer {
  const gzip = entry.gzip ?? Buffer.alloc(0)
  const head = Buffer.alloc(5 + entry.etag.length)
  head.writeUInt8(entry.etag.length, 0)
  head.write(entry.etag, 1, 'latin1')
  head.writeUInt32BE(entry.mvt.length, 1 + entry.etag.length)
  const gzipLength = Buffer.alloc(4)
  gzipLength.writeUInt32BE(gzip.length)
  return Buffer.concat([head, entry.mvt, gzipLength, gzip, entry.br ?? Buffer.alloc(0)])
}

function unpack(raw: Buffer): TileEntry {
  const etagLength = raw.readUInt8(0)
  const etag = raw.toString('latin1', 1, 1 + etagLength)
  const mvtStart = 5 + etagLength
  const mvtEnd = mvtStart + raw.readUInt32BE(1 + etagLength)
  const gzipEnd = mvtEnd + 4 + raw.readUInt32BE(mvtEnd)
  const entry: TileEntry = { etag, mvt: raw.subarray(mvtStart, mvtEnd) }
  if (gzipEnd > mvtEnd + 4) entry.gzip = raw.subarray(mvtEnd + 4, gzipEnd)
  if (raw.length > gzipEnd) entry.br = raw.subarray(gzipEnd)
  return entry
}

/**
 * Tiles shared by every OneMap instance through Redis (REDIS_URL). A Redis outage degrades to
 * uncached tiles, never to failed requests.
 */
export class RedisTileCache implements TileCache {
  readonly kind = 'redis' as const
  private readonly client: Redis

  constructor(url: string, private readonly prefix = 'onemap:tile:', onError: (error: Error) => void = () => undefined) {
    this.client = new Redis(url, { maxRetriesPerRequest: 1, commandTimeout: 1000, lazyConnect: false })
    this.client.on('error', onError)
  }

  async get(key: string): Promise<TileEntry | undefined> {
    const raw = await this.client.getBuffer(this.prefix + key).catch(() => null)
    return raw ? unpack(raw) : undefined
  }

  async set(key: string, entry: TileEntry): Promise<void> {
    await this.client.set(this.prefix + key, pack(entry), 'EX', REDIS_EXPIRE_SECONDS).catch(() => undefined)
  }

  async close(): Promise<void> {
    await this.client.quit().catch(() => this.client.disconnect())
  }
}

export interface TileCacheSettings {
  REDIS_URL: string
  TILE_CACHE_MAX_BYTES: number
}

/** Redis when REDIS_URL is set, else memory (or none when TILE_CACHE_MAX_BYTES is 0). */
export function createTileCache(settings: TileCacheSettings, options: { prefix?: string; onError?: (e: Error) => void } = {}): TileCache {
  if (settings.REDIS_URL) return new RedisTileCache(settings.REDIS_URL, options.prefix, options.onError)
  if (settings.TILE_CACHE_MAX_BYTES > 0) return new MemoryTileCache(settings.TILE_CACHE_MAX_BYTES)
  return new NoTileCache()
}
