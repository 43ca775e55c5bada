import type { CatalogLayer, LegendEntry, StyleType } from './catalog.types.js'
import { el } from './dom.js'
import type { I18n } from './i18n.js'
import { styleType } from './layer-style.js'

/** What the panel knows about a layer when it draws its row. */
export interface LayerRowState {
  visible: boolean
  /** 0–1 */
  opacity: number
  zoom: number
  /** Whether the opacity slider is open. */
  adjusting: boolean
}

/** A legend swatch; the colour is set as a CSS colour property, so a bad catalog value is simply ignored. */
function swatch(type: StyleType, color: string): HTMLElement {
  const span = el('span', { class: `om-swatch om-swatch--${type}`, 'aria-hidden': 'true' })
  if (type === 'line') span.style.borderTopColor = color
  else span.style.backgroundColor = color
  return span
}

/** A one-entry legend says no more than the title: its swatch goes beside the title instead. */
function inlineSwatch(layer: CatalogLayer): HTMLElement | null {
  const entries = layer.style.legend ?? []
  return entries.length === 1 ? swatch(styleType(layer), entries[0].color) : null
}

function legendList(layer: CatalogLayer, i18n: I18n): HTMLElement | null {
  const entries: LegendEntry[] = layer.style.legend ?? []
  if (entries.length < 2) return null
  const type = styleType(layer)
  return el('ul', { class: 'om-legend' }, entries.map((entry) =>
    el('li', {}, [swatch(type, entry.color), el('span', {}, [i18n.pick({ zh: entry.label_zh, en: entry.label_en })])])))
}

function opacitySlider(layer: CatalogLayer, state: LayerRowState, i18n: I18n): HTMLElement {
  const percent = Math.round(state.opacity * 100)
  return el('label', { class: 'om-opacity' }, [
    el('span', {}, [i18n.t('opacity')]),
    el('input', { type: 'range', min: 0, max: 100, step: 5, value: percent, 'data-action': 'opacity', 'data-layer-id': layer.id }),
    el('output', {}, [`${percent}%`]),
  ])
}

/** The hint under a visible layer that the current zoom is too small to draw it. */
export function zoomHint(layer: CatalogLayer, state: LayerRowState, i18n: I18n): HTMLElement {
  const hidden = !state.visible || state.zoom >= layer.minZoom
  return el('div', { class: 'om-layer__hint', 'data-hint-for': layer.id, hidden }, [i18n.t('visibleFrom', { zoom: layer.minZoom })])
}

function rowHead(layer: CatalogLayer, state: LayerRowState, i18n: I18n): HTMLElement {
  const title = i18n.pick(layer.title)
  const tooltip = `${title} (${layer.id}) · ${i18n.t('featureCount', { count: layer.featureCount.toLocaleString() })}`
  return el('div', { class: 'om-layer__head' }, [
    el('label', { class: 'om-layer__toggle', title: tooltip }, [
      el('input', { type: 'checkbox', checked: state.visible, 'data-action': 'toggle', 'data-layer-id': layer.id }),
      inlineSwatch(layer),
      el('span', { class: 'om-layer__title' }, [title]),
    ]),
    el('span', { class: `om-tier om-tier--${layer.tier}` }, [i18n.t(`tier.${layer.tier}`)]),
    state.visible
      ? el('button', { type: 'button', class: 'om-icon-button', 'data-action': 'adjust', 'data-layer-id': layer.id, title: i18n.t('opacity'), 'aria-label': i18n.t('opacity'), 'aria-expanded': String(state.adjusting) }, ['◐'])
      : null,
    layer.extent
      ? el('button', { type: 'button', class: 'om-icon-button', 'data-action': 'zoom', 'data-layer-id': layer.id, title: i18n.t('zoomToLayer'), 'aria-label': i18n.t('zoomToLayer') }, ['⤢'])
      : null,
  ])
}

/** One row of the layer panel: toggle, tier badge, opacity and zoom buttons; the legend while shown. */
export function layerRow(layer: CatalogLayer, state: LayerRowState, i18n: I18n): HTMLLIElement {
  const legend = state.visible ? legendList(layer, i18n) : null
  const slider = state.visible && state.adjusting ? opacitySlider(layer, state, i18n) : null
  return el('li', { class: 'om-layer', 'data-layer-id': layer.id }, [
    rowHead(layer, state, i18n),
    zoomHint(layer, state, i18n),
    legend || slider ? el('div', { class: 'om-layer__detail' }, [slider, legend]) : null,
  ])
}
