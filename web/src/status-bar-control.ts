import type { IControl, Map as MapLibreMap, MapMouseEvent } from 'maplibre-gl'
import { el } from './dom.js'
import type { I18n } from './i18n.js'

/** Formats a coordinate with 6 decimals (≈ 0.1 m), the precision surveyors read off a map. */
export function formatCoordinate(value: number): string {
  return value.toFixed(6)
}

/** Bottom bar: the cursor's longitude and latitude (CGCS2000 ≈ WGS 84 at map precision) and the zoom level. */
export class StatusBarControl implements IControl {
  #map?: MapLibreMap
  #container?: HTMLElement
  #cursor?: { lng: number; lat: number }
  #removeLanguageListener?: () => void
  readonly #onMove = (event: MapMouseEvent) => {
    this.#cursor = event.lngLat
    this.#render()
  }
  readonly #onLeave = () => {
    this.#cursor = undefined
    this.#render()
  }
  readonly #onZoom = () => this.#render()

  constructor(readonly i18n: I18n) {}

  onAdd(map: MapLibreMap): HTMLElement {
    this.#map = map
    this.#container = el('div', { class: 'maplibregl-ctrl om-status', 'aria-live': 'off' })
    map.on('mousemove', this.#onMove)
    map.on('mouseout', this.#onLeave)
    map.on('zoom', this.#onZoom)
    this.#removeLanguageListener = this.i18n.onChange(() => this.#render())
    this.#render()
    return this.#container
  }

  onRemove(): void {
    this.#map?.off('mousemove', this.#onMove)
    this.#map?.off('mouseout', this.#onLeave)
    this.#map?.off('zoom', this.#onZoom)
    this.#removeLanguageListener?.()
    this.#container?.remove()
    this.#map = undefined
  }

  #render(): void {
    if (!this.#container || !this.#map) return
    const lon = this.#cursor ? formatCoordinate(this.#cursor.lng) : '—'
    const lat = this.#cursor ? formatCoordinate(this.#cursor.lat) : '—'
    this.#container.replaceChildren(
      this.#item(this.i18n.t('lon'), lon, 'lon'),
      this.#item(this.i18n.t('lat'), lat, 'lat'),
      this.#item(this.i18n.t('zoom'), this.#map.getZoom().toFixed(2), 'zoom'),
    )
  }

  #item(label: string, value: string, name: string): HTMLElement {
    return el('span', { class: 'om-status__item' }, [
      el('span', { class: 'om-status__label' }, [label]),
      el('span', { class: 'om-status__value', 'data-status': name }, [value]),
    ])
  }
}
