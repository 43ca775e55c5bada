import { open, type FileHandle } from 'node:fs/promises'

const DEFAULT_CHUNK = 1 << 20

/**
 * Random access to a file through one bounded buffer: reads that move forward through the file
 * (the usual case for .shp/.dbf records) cost one system call per chunk, and memory stays at
 * one chunk however large the file.
 */
export class FileBytes {
  private storage = Buffer.alloc(0)
  private start = 0
  private length = 0

  private constructor(
    private readonly handle: FileHandle,
    readonly size: number,
    private readonly chunk: number,
  ) {}

  static async open(path: string, chunk = DEFAULT_CHUNK): Promise<FileBytes> {
    const handle = await open(path, 'r')
    const { size } = await handle.stat()
    return new FileBytes(handle, size, chunk)
  }

  /**
   * The bytes at [offset, offset + length), or fewer when the file ends first. The result is a view
   * into the internal buffer: valid until the next call.
   */
  async read(offset: number, length: number): Promise<Buffer> {
    const end = Math.max(offset, Math.min(offset + length, this.size))
    if (offset < this.start || end > this.start + this.length) await this.fill(offset, end - offset)
    return this.storage.subarray(offset - this.start, end - this.start)
  }

  /**
   * Where [offset, offset + length) starts in `buffer` if it is loaded, else -1: the hot loops read
   * records straight from the buffer without a view object per record, and await `load` only to refill.
   */
  span(offset: number, length: number): number {
    const end = Math.max(offset, Math.min(offset + length, this.size))
    return offset >= this.start && end <= this.start + this.length ? offset - this.start : -1
  }

  /** Make [offset, offset + length) available to `span` (as much of it as the file has). */
  async load(offset: number, length: number): Promise<void> {
    if (this.span(offset, length) < 0) await this.fill(offset, Math.max(0, Math.min(offset + length, this.size) - offset))
  }

  /** The internal buffer `span` positions refer to (replaced by `load`). */
  get buffer(): Buffer {
    return this.storage
  }

  private async fill(offset: number, length: number): Promise<void> {
    const size = Math.max(length, this.chunk)
    if (this.storage.length < size) this.storage = Buffer.alloc(size)
    const wanted = Math.min(size, Math.max(0, this.size - offset))
    const { bytesRead } = await this.handle.read(this.storage, 0, wanted, offset)
    this.start = offset
    this.length = bytesRead
  }

  async close(): Promise<void> {
    await this.handle.close()
  }
}
