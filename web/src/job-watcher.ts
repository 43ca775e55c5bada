import type { ApiClient } from './api-client.js'
import { isFinal, type Job } from './job.types.js'

/** How often a running job is asked for its progress. */
const POLL_MS = 500
/** Failed polls in a row before the watcher gives up (a server restart takes a few seconds). */
const MAX_FAILURES = 10

/** Waits `ms`, or less when `signal` aborts (then rejects with its reason). */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = () => {
      clearTimeout(timer)
      signal.removeEventListener('abort', done)
      if (signal.aborted) reject(signal.reason)
      else resolve()
    }
    const timer = setTimeout(done, ms)
    signal.addEventListener('abort', done, { once: true })
  })
}

/**
 * Follows one persisted job: polls GET /api/jobs/:id until it reaches a final state, telling
 * `onUpdate` each time; every request has its own AbortController (through ApiClient) tied to stop().
 */
export class JobWatcher<Result = unknown> {
  readonly #stopped = new AbortController()

  constructor(
    readonly api: ApiClient,
    readonly job: Job<Result>,
    readonly onUpdate: (job: Job<Result>) => void,
  ) {}

  /** Resolves with the job in its final state; rejects with the last error after MAX_FAILURES failed polls. */
  async run(): Promise<Job<Result>> {
    const signal = this.#stopped.signal
    let job = this.job
    let failures = 0
    while (!isFinal(job.state)) {
      await pause(POLL_MS, signal)
      try {
        job = await this.api.getJson<Job<Result>>(job.links.self, signal)
        failures = 0
        this.onUpdate(job)
      } catch (error) {
        if (signal.aborted || ++failures >= MAX_FAILURES) throw error
      }
    }
    return job
  }

  /** Asks the server to cancel the job; the poll then sees it end as cancelled (or finished, if it was quicker). */
  cancel(): Promise<Job<Result>> {
    return this.api.postJson<Job<Result>>(`/api/jobs/${encodeURIComponent(this.job.id)}/cancel`, this.#stopped.signal)
  }

  /** Stops polling; the job itself goes on on the server. */
  stop(): void {
    this.#stopped.abort(new DOMException('Stopped following the job.', 'AbortError'))
  }
}
