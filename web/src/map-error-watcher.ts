import type { ErrorEvent, Map as MapLibreMap } from 'maplibre-gl'
import type { I18n } from './i18n.js'
import type { NoticeArea } from './notice-area.js'

/** How many layer names a notice lists before it says "…". */
const MAX_NAMED_LAYERS = 4

/** What MapLibre's request errors carry besides the message. */
interface RequestError extends Error {
  status?: number
  url?: string
}

/** A short reason for a map error: the HTTP status when there is one. */
export function describeMapError(error: RequestError | undefined, i18n: I18n): string {
  if (!error) return '?'
  if (typeof error.status === 'number' && error.status > 0) {
    return `${i18n.t('errorHttp', { status: error.status })}${error.url ? ` (${new URL(error.url, location.href).pathname})` : ''}`
  }
  return error.message || String(error)
}

/**
 * Turns MapLibre's 'error' events into one readable notice: which layers' tiles failed and why,
 * instead of a map that silently stays empty.
 */
export class MapErrorWatcher {
  readonly #failedSources = new Set<string>()
  #lastTileError?: RequestError
  readonly #onError = (event: ErrorEvent & { sourceId?: string }) => this.#handle(event)

  constructor(
    readonly map: MapLibreMap,
    readonly notices: NoticeArea,
    readonly i18n: I18n,
    /** The title of the catalog layer behind a source id, in the current language. */
    readonly layerTitle: (sourceId: string) => string | undefined,
  ) {
    map.on('error', this.#onError)
  }

  destroy(): void {
    this.map.off('error', this.#onError)
  }

  #handle(event: ErrorEvent & { sourceId?: string }): void {
    const error = event.error as RequestError | undefined
    if (error?.name === 'AbortError') return
    if (event.sourceId) {
      this.#failedSources.add(event.sourceId)
      this.#lastTileError = error
      this.notices.show('tiles', 'error', () => this.#tilesText())
      return
    }
    this.notices.show('map', 'error', () => this.i18n.t('mapFailed', { reason: describeMapError(error, this.i18n) }))
  }

  #tilesText(): string {
    const names = [...this.#failedSources].map((id) => this.layerTitle(id) ?? id)
    const shown = names.slice(0, MAX_NAMED_LAYERS).join(this.i18n.lang === 'zh' ? '、' : ', ')
    const more = names.length - MAX_NAMED_LAYERS
    const layers = more > 0 ? this.i18n.t('layerList', { names: shown, count: names.length, more }) : shown
    return this.i18n.t('tilesFailed', { layers, reason: describeMapError(this.#lastTileError, this.i18n) })
  }
}
