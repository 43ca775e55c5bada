import type { I18n } from './i18n.js'

export type ApiErrorKind = 'http' | 'network' | 'timeout' | 'format'

/** A failed request, with what a person needs to know: the server's problem detail when it sent one. */
export class ApiError extends Error {
  constructor(
    readonly kind: ApiErrorKind,
    readonly url: string,
    readonly status?: number,
    readonly detail?: string,
  ) {
    super(detail ?? `${kind}${status ? ` ${status}` : ''}: ${url}`)
    this.name = 'ApiError'
  }

  /** A readable reason in the UI language, e.g. "HTTP 404 — There is no layer …". */
  describe(i18n: I18n, timeoutSeconds: number): string {
    if (this.kind === 'network') return i18n.t('errorNetwork')
    if (this.kind === 'timeout') return i18n.t('errorTimeout', { seconds: timeoutSeconds })
    if (this.kind === 'format') return i18n.t('errorFormat')
    const status = i18n.t('errorHttp', { status: this.status ?? '?' })
    return this.detail ? `${status} — ${this.detail}` : status
  }
}

/** The `detail` (or `title`) of an RFC 9457 problem body given as text, when it is one. */
export function problemDetailOf(contentType: string | null, text: string): string | undefined {
  if (!(contentType ?? '').includes('json')) return undefined
  try {
    const body = JSON.parse(text) as { detail?: unknown; title?: unknown; message?: unknown }
    const detail = body.detail ?? body.title ?? body.message
    return typeof detail === 'string' ? detail : undefined
  } catch {
    return undefined
  }
}

/** The `detail` (or `title`) of an RFC 9457 problem response, when it carries one. */
async function problemDetail(response: Response): Promise<string | undefined> {
  return problemDetailOf(response.headers.get('content-type'), await response.text().catch(() => ''))
}

/** JSON requests to the OneMap server: each with its own AbortController and a time limit. */
export class ApiClient {
  constructor(
    readonly origin: string = location.origin,
    readonly timeoutMs = 20_000,
  ) {}

  /** Absolute URL for a server path, as MapLibre needs for sources. */
  url(path: string): string {
    return new URL(path, this.origin).href
  }

  /**
   * GET a JSON document. Aborts when `signal` aborts (the caller lost interest) or after timeoutMs.
   * Rejects with ApiError, or with the signal's AbortError when the caller aborted.
   */
  async getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
    return this.#request<T>('GET', path, signal)
  }

  /** POST without a body (an action such as cancelling a job) and read the JSON answer; as getJson otherwise. */
  async postJson<T>(path: string, signal?: AbortSignal): Promise<T> {
    return this.#request<T>('POST', path, signal)
  }

  async #request<T>(method: 'GET' | 'POST', path: string, signal?: AbortSignal): Promise<T> {
    const url = this.url(path)
    const controller = new AbortController()
    const onAbort = () => controller.abort(signal?.reason)
    if (signal?.aborted) onAbort()
    signal?.addEventListener('abort', onAbort, { once: true })
    let timedOut = false
    const timer = setTimeout(() => {
      timedOut = true
      controller.abort()
    }, this.timeoutMs)
    try {
      return await this.#fetchJson<T>(method, url, controller.signal)
    } catch (error) {
      if (timedOut) throw new ApiError('timeout', url)
      throw error
    } finally {
      clearTimeout(timer)
      signal?.removeEventListener('abort', onAbort)
    }
  }

  async #fetchJson<T>(method: 'GET' | 'POST', url: string, signal: AbortSignal): Promise<T> {
    let response: Response
    try {
      response = await fetch(url, { method, signal, headers: { accept: 'application/json' } })
    } catch (error) {
      if (signal.aborted) throw error
      throw new ApiError('network', url)
    }
    if (!response.ok) throw new ApiError('http', url, response.status, await problemDetail(response))
    try {
      return (await response.json()) as T
    } catch (error) {
      if (signal.aborted) throw error
      throw new ApiError('format', url, response.status)
    }
  }
}
