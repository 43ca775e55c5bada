import { Map as MapLibreMap, NavigationControl, ScaleControl, setWorkerUrl, type LngLatBoundsLike, type StyleSpecification } from 'maplibre-gl'
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url'
import { ApiClient, ApiError } from './api-client.js'
import type { CatalogLayer, CatalogResponse } from './catalog.types.js'
import { I18n } from './i18n.js'
import { ImportDialog } from './import-dialog.js'
import { LanguageControl } from './language-control.js'
import { LayerManager } from './layer-manager.js'
import { LayerPanelControl } from './layer-panel-control.js'
import { LOCAL_FONT_FAMILY } from './layer-style.js'
import { MapErrorWatcher } from './map-error-watcher.js'
import { NoticeArea } from './notice-area.js'
import { StatusBarControl } from './status-bar-control.js'

/** The demo region (宁夏 Yellow River plain), shown until the catalog says where the data is. */
const DEFAULT_BOUNDS: LngLatBoundsLike = [[105.9, 38.1], [106.6, 38.7]]
const MAP_STATE_ATTRIBUTE = 'data-state'
/** "true" while the map is at rest with everything drawn, labels included; tests and scripts wait on it. */
const MAP_IDLE_ATTRIBUTE = 'data-map-idle'

/**
 * The base style: a plain land colour and nothing remote — no glyphs URL, no sprite, no raster
 * tiles. The base map itself is the catalog's base and admin layers, served by OneMap.
 */
function baseStyle(): StyleSpecification {
  return {
    version: 8,
    sources: {},
    layers: [{ id: 'background', type: 'background', paint: { 'background-color': '#f3f1ec' } }],
  }
}

/** The union of the extents of `layers`, or undefined when none has one. */
export function unionExtent(layers: CatalogLayer[]): [number, number, number, number] | undefined {
  const extents = layers.map((l) => l.extent).filter((e): e is [number, number, number, number] => Array.isArray(e) && e.length === 4)
  if (extents.length === 0) return undefined
  return [
    Math.min(...extents.map((e) => e[0])), Math.min(...extents.map((e) => e[1])),
    Math.max(...extents.map((e) => e[2])), Math.max(...extents.map((e) => e[3])),
  ]
}

/** The zoom of the first screen: `fitZoom`, or `wanted` when that is at most one level further in. */
export function firstScreenZoom(fitZoom: number, wanted: number): number {
  return wanted > fitZoom && wanted - fitZoom <= 1 ? wanted : fitZoom
}

/** The whole page: map, controls, catalog loading, and the notices that explain failures. */
export class OneMapApp {
  readonly i18n = new I18n()
  readonly api = new ApiClient()
  readonly notices: NoticeArea
  readonly map: MapLibreMap
  readonly panel: LayerPanelControl
  readonly importDialog: ImportDialog
  readonly #mapLoaded: Promise<void>
  readonly #errors: MapErrorWatcher
  #manager?: LayerManager
  #catalogRequest?: AbortController
  /** Whether the page was opened on a view named in the URL; the map rewrites the hash once it starts. */
  readonly #openedOnView = location.hash.includes('view=')

  constructor(readonly container: HTMLElement) {
    this.notices = new NoticeArea(document.body, this.i18n)
    setWorkerUrl(workerUrl)
    this.map = new MapLibreMap({
      container,
      style: baseStyle(),
      bounds: DEFAULT_BOUNDS,
      hash: 'view',
      localIdeographFontFamily: LOCAL_FONT_FAMILY,
      // A planning map stays north-up: rotation and tilt only confuse map reading here.
      dragRotate: false,
      pitchWithRotate: false,
      touchPitch: false,
      attributionControl: { compact: true },
    })
    this.map.touchZoomRotate.disableRotation()
    this.#mapLoaded = new Promise((resolve) => this.map.once('load', () => resolve()))
    this.map.on('render', () => this.#setIdle(false))
    this.map.on('idle', () => this.#setIdle(!this.#manager?.updateAreaLabels()))
    this.panel = new LayerPanelControl(this.i18n, () => void this.loadCatalog(), () => this.importDialog.open())
    this.importDialog = this.#importDialog()
    this.#addControls()
    this.#errors = new MapErrorWatcher(this.map, this.notices, this.i18n, (id) => {
      const layer = this.#manager?.get(id)
      return layer ? this.i18n.pick(layer.title) : undefined
    })
    this.i18n.onChange(() => this.#applyDocumentLanguage())
    this.#applyDocumentLanguage()
    window.addEventListener('pagehide', () => this.#catalogRequest?.abort())
  }

  #addControls(): void {
    this.map.addControl(this.panel, 'top-left')
    this.map.addControl(new LanguageControl(this.i18n), 'top-right')
    this.map.addControl(new NavigationControl({ showCompass: false }), 'top-right')
    this.map.addControl(new ScaleControl({ unit: 'metric', maxWidth: 120 }), 'bottom-left')
    this.map.addControl(new StatusBarControl(this.i18n), 'bottom-left')
  }

  #importDialog(): ImportDialog {
    return new ImportDialog({
      api: this.api,
      i18n: this.i18n,
      notices: this.notices,
      existingLayers: () => new Set(this.#manager?.layers.map((l) => l.id) ?? []),
      layerTitle: (id) => {
        const layer = this.#manager?.get(id)
        return layer ? this.i18n.pick(layer.title) : undefined
      },
      imported: (id) => this.loadCatalog(id),
      zoomTo: (id) => this.panel.zoomToLayer(id),
    })
  }

  #applyDocumentLanguage(): void {
    document.documentElement.lang = this.i18n.lang === 'zh' ? 'zh-CN' : 'en'
    document.title = this.i18n.t('appTitle')
  }

  /**
   * Fetches the catalog (aborting any earlier request) and puts its layers on the map. Loaded
   * again (after an import), it keeps what the person switched on and off, and shows `show`.
   */
  async loadCatalog(show?: string): Promise<void> {
    this.#catalogRequest?.abort()
    const request = new AbortController()
    this.#catalogRequest = request
    this.#setState('loading')
    // A reload (after an import) keeps the panel as it is until the new catalog is there.
    if (!this.#manager) this.panel.showLoading()
    try {
      const catalog = await this.api.getJson<CatalogResponse>('/api/layers', request.signal)
      await this.#mapLoaded
      if (request.signal.aborted) return
      this.#install(Array.isArray(catalog.layers) ? catalog.layers : [], show)
    } catch (error) {
      if (request.signal.aborted) return
      this.#showCatalogError(error)
    }
  }

  #install(layers: CatalogLayer[], show?: string): void {
    const previous = this.#manager
    previous?.removeFromMap()
    const manager = new LayerManager(this.map, layers, this.api.origin, previous?.choices())
    this.#manager = manager
    if (show && manager.get(show)) manager.setVisible(show, true)
    manager.onChange(() => this.#setIdle(false))
    manager.addToMap()
    this.panel.showLayers(manager)
    // Only the first load frames the data; a reload leaves the view where the person put it.
    if (!previous) this.#fitToData(layers)
    if (show) this.panel.revealLayer(show)
    this.#setState('ready')
  }

  #showCatalogError(error: unknown): void {
    const message = () => this.i18n.t('catalogFailed', {
      reason: error instanceof ApiError ? error.describe(this.i18n, this.api.timeoutMs / 1000) : String(error),
    })
    this.panel.showError(message)
    this.#setState('error')
  }

  /**
   * Frames the administrative divisions (or all data) unless the URL already names a view. When the
   * land-use layer shown by default starts just past that zoom, goes in to it: a first screen with
   * land use reads as one map, one without it as empty boundaries.
   */
  #fitToData(layers: CatalogLayer[]): void {
    if (this.#openedOnView) return
    const admin = layers.filter((l) => l.group === 'admin')
    const extent = unionExtent(admin.length > 0 ? admin : layers)
    if (!extent) return
    const panelWidth = this.container.querySelector<HTMLElement>('.om-panel')?.offsetWidth ?? 0
    const left = Math.min(panelWidth + 24, this.container.clientWidth / 2)
    const camera = this.map.cameraForBounds([[extent[0], extent[1]], [extent[2], extent[3]]], { padding: { top: 40, bottom: 40, right: 60, left } })
    if (!camera?.center || camera.zoom === undefined) return
    const surveyZooms = layers.filter((l) => l.group === 'survey' && this.#manager?.isVisible(l.id)).map((l) => l.minZoom)
    this.map.jumpTo({ center: camera.center, zoom: firstScreenZoom(camera.zoom, Math.min(...surveyZooms)) })
  }

  #setIdle(idle: boolean): void {
    if (this.container.getAttribute(MAP_IDLE_ATTRIBUTE) !== String(idle)) this.container.setAttribute(MAP_IDLE_ATTRIBUTE, String(idle))
  }

  #setState(state: 'loading' | 'ready' | 'error'): void {
    this.container.setAttribute(MAP_STATE_ATTRIBUTE, state)
  }
}
