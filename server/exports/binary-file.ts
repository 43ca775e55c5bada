import { open, type FileHandle } from 'node:fs/promises'
import { PayloadTooLargeError } from '../errors/problem.js'

const FLUSH_BYTES = 1 << 20

/**
 * A file written front to back through a small buffer, with headers patched in place at the end
 * (shapefile headers hold counts and extents only known after the last record).
 */
export class BinaryFile {
  private pending: Buffer[] = []
  private pendingBytes = 0
  private closed = false
  /** Bytes appended so far (flushed or not). */
  size = 0

  private constructor(
    private readonly handle: FileHandle,
    readonly path: string,
    private readonly maxBytes: number,
  ) {}

  /** Create (or truncate) `path`; appending past `maxBytes` throws a 413. */
  static async create(path: string, maxBytes: number): Promise<BinaryFile> {
    return new BinaryFile(await open(path, 'w'), path, maxBytes)
  }

  async append(chunk: Buffer): Promise<void> {
    this.size += chunk.length
    if (this.size > this.maxBytes) throw tooLarge(this.path, this.maxBytes)
    this.pending.push(chunk)
    this.pendingBytes += chunk.length
    if (this.pendingBytes >= FLUSH_BYTES) await this.flush()
  }

  /** Overwrite bytes already written, e.g. a header. */
  async patch(position: number, chunk: Buffer): Promise<void> {
    await this.flush()
    await this.handle.write(chunk, 0, chunk.length, position)
  }

  async close(): Promise<void> {
    if (this.closed) return
    await this.flush()
    this.closed = true
    await this.handle.close()
  }

  /** Close without flushing, after a failure; the caller deletes the file. */
  async discard(): Promise<void> {
    if (this.closed) return
    this.closed = true
    await this.handle.close().catch(() => undefined)
  }

  private async flush(): Promise<void> {
    if (this.pendingBytes === 0) return
    const data = Buffer.concat(this.pending, this.pendingBytes)
    this.pending = []
    this.pendingBytes = 0
    await this.handle.write(data)
  }
}

function tooLarge(path: string, maxBytes: number): PayloadTooLargeError {
  const file = path.slice(path.lastIndexOf('.'))
  return new PayloadTooLargeError(
    `The shapefile's ${file} part would exceed ${maxBytes} bytes (the format's limit is 2 GB per file). Export fewer features with filter or bbox, fewer columns with properties, or choose format=geojson or csv.`,
  )
}
