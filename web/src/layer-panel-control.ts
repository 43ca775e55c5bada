import type { IControl, Map as MapLibreMap } from 'maplibre-gl'
import { el } from './dom.js'
import type { I18n } from './i18n.js'
import { groupLayers, knownGroup } from './layer-groups.js'
import type { LayerManager } from './layer-manager.js'
import { layerRow, type LayerRowState } from './layer-row.js'

type PanelState =
  | { kind: 'loading' }
  | { kind: 'error'; message: () => string }
  | { kind: 'ready'; manager: LayerManager }

/**
 * The layer panel: the catalog as a tree of groups, with a toggle, tier badge, legend and opacity
 * per layer. Shows loading and error states itself, so the page is never a blank map.
 */
export class LayerPanelControl implements IControl {
  #map?: MapLibreMap
  #container?: HTMLElement
  #body?: HTMLElement
  #state: PanelState = { kind: 'loading' }
  readonly #collapsedGroups = new Set<string>()
  /** Layers whose opacity slider is open. */
  readonly #adjusting = new Set<string>()
  #removeLanguageListener?: () => void
  readonly #onClick = (event: MouseEvent) => this.#handleClick(event)
  readonly #onChange = (event: Event) => this.#handleChange(event)
  readonly #onInput = (event: Event) => this.#handleInput(event)
  readonly #onZoom = () => this.#updateZoomHints()

  constructor(
    readonly i18n: I18n,
    readonly onRetry: () => void,
    /** Opens the import dialog; without it the panel has no import button. */
    readonly onImport?: () => void,
  ) {}

  onAdd(map: MapLibreMap): HTMLElement {
    this.#map = map
    this.#body = el('div', { class: 'om-panel__body' })
    this.#container = el('section', { class: 'maplibregl-ctrl om-panel', 'aria-label': 'layers' })
    this.#container.addEventListener('click', this.#onClick)
    this.#container.addEventListener('change', this.#onChange)
    this.#container.addEventListener('input', this.#onInput)
    map.on('zoomend', this.#onZoom)
    this.#removeLanguageListener = this.i18n.onChange(() => this.#render())
    this.#render()
    return this.#container
  }

  onRemove(): void {
    this.#container?.removeEventListener('click', this.#onClick)
    this.#container?.removeEventListener('change', this.#onChange)
    this.#container?.removeEventListener('input', this.#onInput)
    this.#map?.off('zoomend', this.#onZoom)
    this.#removeLanguageListener?.()
    this.#container?.remove()
    this.#map = undefined
  }

  showLoading(): void {
    this.#state = { kind: 'loading' }
    this.#render()
  }

  /** Shows an error with a retry button; `message` is called again when the language changes. */
  showError(message: () => string): void {
    this.#state = { kind: 'error', message }
    this.#render()
  }

  showLayers(manager: LayerManager): void {
    this.#state = { kind: 'ready', manager }
    this.#render()
  }

  #render(): void {
    if (!this.#container || !this.#body) return
    const collapsed = this.#container.classList.contains('is-collapsed')
    this.#container.replaceChildren(this.#header(collapsed), this.#body)
    this.#body.hidden = collapsed
    this.#body.replaceChildren(...this.#bodyContent())
  }

  #header(collapsed: boolean): HTMLElement {
    const label = this.i18n.t(collapsed ? 'expandPanel' : 'collapsePanel')
    const importButton = this.onImport && !collapsed
      ? el('button', { type: 'button', class: 'om-button om-button--small', 'data-action': 'import', title: this.i18n.t('import.buttonTitle') }, [this.i18n.t('import.button')])
      : null
    return el('header', { class: 'om-panel__header' }, [
      el('div', { class: 'om-panel__heading' }, [
        el('h1', { class: 'om-panel__title' }, [this.i18n.t('appTitle')]),
        el('div', { class: 'om-panel__subline' }, [el('p', { class: 'om-panel__subtitle' }, [this.i18n.t('appSubtitle')]), importButton]),
      ]),
      el('button', { type: 'button', class: 'om-icon-button', 'data-action': 'collapse-panel', title: label, 'aria-label': label, 'aria-expanded': String(!collapsed) }, [collapsed ? '▸' : '▾']),
    ])
  }

  #bodyContent(): HTMLElement[] {
    const state = this.#state
    if (state.kind === 'loading') return [el('p', { class: 'om-panel__status', role: 'status' }, [this.i18n.t('loadingCatalog')])]
    if (state.kind === 'error') {
      return [el('div', { class: 'om-panel__status om-panel__status--error', role: 'alert' }, [
        el('p', {}, [state.message()]),
        el('button', { type: 'button', class: 'om-button', 'data-action': 'retry' }, [this.i18n.t('retry')]),
      ])]
    }
    if (state.manager.layers.length === 0) return [el('p', { class: 'om-panel__status' }, [this.i18n.t('catalogEmpty')])]
    return groupLayers(state.manager.layers).map((group) => this.#groupSection(group.id, state.manager))
  }

  #groupSection(groupId: string, manager: LayerManager): HTMLElement {
    const collapsed = this.#collapsedGroups.has(groupId)
    const layers = manager.layers.filter((l) => l.group === groupId)
    // Imported layers land in the group "other", which has a name of its own; other unknown groups show their id.
    const known = knownGroup(groupId)
    const name = known === 'other' && groupId !== 'other' ? groupId : this.i18n.t(`group.${known}`)
    return el('section', { class: 'om-group', 'data-group': groupId }, [
      el('h2', { class: 'om-group__title' }, [
        el('button', { type: 'button', 'data-action': 'collapse-group', 'data-group': groupId, 'aria-expanded': String(!collapsed) }, [
          el('span', { class: 'om-group__chevron', 'aria-hidden': 'true' }, [collapsed ? '▸' : '▾']),
          el('span', {}, [name]),
          el('span', { class: 'om-group__count' }, [String(layers.length)]),
        ]),
      ]),
      el('ul', { class: 'om-group__layers', hidden: collapsed }, layers.map((layer) => layerRow(layer, this.#rowState(layer.id, manager), this.i18n))),
    ])
  }

  #rowState(layerId: string, manager: LayerManager): LayerRowState {
    return {
      visible: manager.isVisible(layerId),
      opacity: manager.opacity(layerId),
      zoom: this.#map?.getZoom() ?? 0,
      adjusting: this.#adjusting.has(layerId),
    }
  }

  #handleClick(event: MouseEvent): void {
    const target = (event.target as HTMLElement).closest<HTMLElement>('[data-action]')
    const action = target?.dataset.action
    if (!target || !action) return
    if (action === 'retry') this.onRetry()
    else if (action === 'import') this.onImport?.()
    else if (action === 'collapse-panel') this.#togglePanel()
    else if (action === 'collapse-group') this.#toggleGroup(target.dataset.group ?? '')
    else if (action === 'zoom') this.zoomToLayer(target.dataset.layerId ?? '')
    else if (action === 'adjust') this.#toggleSlider(target.dataset.layerId ?? '')
  }

  #toggleSlider(layerId: string): void {
    if (!this.#adjusting.delete(layerId)) this.#adjusting.add(layerId)
    this.#redrawRow(layerId)
    this.#focus('adjust', layerId)
  }

  /** Replaces one layer's row, so its legend and slider change without redrawing the panel. */
  #redrawRow(layerId: string): void {
    if (this.#state.kind !== 'ready') return
    const layer = this.#state.manager.get(layerId)
    const row = this.#container?.querySelector(`li[data-layer-id="${CSS.escape(layerId)}"]`)
    if (layer && row) row.replaceWith(layerRow(layer, this.#rowState(layerId, this.#state.manager), this.i18n))
  }

  /** Keeps keyboard focus on the control the user just used, after its row was replaced. */
  #focus(action: string, layerId: string): void {
    this.#container?.querySelector<HTMLElement>(`[data-action="${action}"][data-layer-id="${CSS.escape(layerId)}"]`)?.focus()
  }

  #togglePanel(): void {
    this.#container?.classList.toggle('is-collapsed')
    this.#render()
  }

  #toggleGroup(groupId: string): void {
    if (!this.#collapsedGroups.delete(groupId)) this.#collapsedGroups.add(groupId)
    this.#render()
  }

  /** Fits the map to a layer's extent, going no further in than needed to show the layer. */
  zoomToLayer(layerId: string): void {
    const layer = this.#state.kind === 'ready' ? this.#state.manager.get(layerId) : undefined
    if (!layer?.extent || !this.#map) return
    const [minX, minY, maxX, maxY] = layer.extent
    this.#map.fitBounds([[minX, minY], [maxX, maxY]], { padding: 40, maxZoom: Math.max(14, layer.minZoom) })
  }

  /** Opens a layer's group and scrolls its row into view (after an import, so the new layer is seen). */
  revealLayer(layerId: string): void {
    const group = this.#state.kind === 'ready' ? this.#state.manager.get(layerId)?.group : undefined
    if (group !== undefined && this.#collapsedGroups.delete(group)) this.#render()
    this.#container?.querySelector(`li[data-layer-id="${CSS.escape(layerId)}"]`)?.scrollIntoView({ block: 'nearest' })
  }

  #handleChange(event: Event): void {
    const input = event.target as HTMLInputElement
    if (input.dataset.action !== 'toggle' || this.#state.kind !== 'ready') return
    const layerId = input.dataset.layerId ?? ''
    if (!this.#state.manager.get(layerId)) return
    this.#state.manager.setVisible(layerId, input.checked)
    this.#redrawRow(layerId)
    this.#focus('toggle', layerId)
  }

  #handleInput(event: Event): void {
    const input = event.target as HTMLInputElement
    if (input.dataset.action !== 'opacity' || this.#state.kind !== 'ready') return
    const factor = Number(input.value) / 100
    this.#state.manager.setOpacity(input.dataset.layerId ?? '', factor)
    const output = input.parentElement?.querySelector('output')
    if (output) output.textContent = `${input.value}%`
  }

  #updateZoomHints(): void {
    if (this.#state.kind !== 'ready' || !this.#container) return
    const zoom = this.#map?.getZoom() ?? 0
    for (const hint of this.#container.querySelectorAll<HTMLElement>('[data-hint-for]')) {
      const layer = this.#state.manager.get(hint.dataset.hintFor ?? '')
      hint.hidden = !layer || !this.#state.manager.isVisible(layer.id) || zoom >= layer.minZoom
    }
  }
}
