/**
 * A bounded hand-off between the reader and the load sessions: `put` waits while `capacity` batches
 * are waiting, `take` waits for one (null once closed and drained), and `fail` wakes everyone with
 * the error so a failure on either side stops the whole load.
 */
export class BatchQueue<T> {
  private readonly items: T[] = []
  private waiters: (() => void)[] = []
  private closed = false
  private error: unknown

  constructor(private readonly capacity: number) {}

  async put(item: T): Promise<void> {
    while (this.items.length >= this.capacity && !this.error) await this.wait()
    this.check()
    this.items.push(item)
    this.wake()
  }

  async take(): Promise<T | null> {
    for (;;) {
      this.check()
      if (this.items.length > 0) {
        const item = this.items.shift()!
        this.wake()
        return item
      }
      if (this.closed) return null
      await this.wait()
    }
  }

  close(): void {
    this.closed = true
    this.wake()
  }

  fail(error: unknown): void {
    this.error ??= error
    this.wake()
  }

  private check(): void {
    if (this.error) throw this.error
  }

  private wait(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve))
  }

  private wake(): void {
    const waiting = this.waiters
    this.waiters = []
    for (const w of waiting) w()
  }
}
