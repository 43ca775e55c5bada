import { ApiError, problemDetailOf } from './api-client.js'
import type { Job } from './job.types.js'

/** Bytes sent so far of the whole request body. */
export interface UploadProgress {
  loaded: number
  total: number
}

/**
 * POST /api/imports as multipart/form-data through XMLHttpRequest, because fetch cannot report
 * upload progress. Resolves with the queued job (202); rejects with ApiError carrying the server's
 * problem detail for a refused import, or with an AbortError when `signal` aborts.
 */
export class ImportUpload {
  readonly #xhr = new XMLHttpRequest()

  constructor(
    readonly url: string,
    readonly form: FormData,
    readonly onProgress: (progress: UploadProgress) => void,
  ) {}

  send(signal: AbortSignal): Promise<Job> {
    return new Promise((resolve, reject) => {
      if (signal.aborted) {
        reject(signal.reason)
        return
      }
      const xhr = this.#xhr
      const abort = () => xhr.abort()
      signal.addEventListener('abort', abort, { once: true })
      const settle = (outcome: () => void) => {
        signal.removeEventListener('abort', abort)
        outcome()
      }
      xhr.upload.addEventListener('progress', (event) => this.onProgress({ loaded: event.loaded, total: event.lengthComputable ? event.total : 0 }))
      xhr.addEventListener('load', () => settle(() => this.#answer(resolve, reject)))
      xhr.addEventListener('error', () => settle(() => reject(new ApiError('network', this.url))))
      xhr.addEventListener('abort', () => settle(() => reject(signal.reason ?? new DOMException('The upload was stopped.', 'AbortError'))))
      xhr.open('POST', this.url)
      xhr.setRequestHeader('accept', 'application/json')
      xhr.send(this.form)
    })
  }

  #answer(resolve: (job: Job) => void, reject: (error: unknown) => void): void {
    const xhr = this.#xhr
    if (xhr.status !== 202 && xhr.status !== 200) {
      reject(new ApiError('http', this.url, xhr.status, problemDetailOf(xhr.getResponseHeader('content-type'), xhr.responseText)))
      return
    }
    try {
      resolve(JSON.parse(xhr.responseText) as Job)
    } catch {
      reject(new ApiError('format', this.url, xhr.status))
    }
  }
}
