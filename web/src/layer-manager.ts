import type { Map as MapLibreMap, SymbolLayerSpecification } from 'maplibre-gl'
import { AreaLabelSource } from './area-label-source.js'
import type { CatalogLayer } from './catalog.types.js'
import { defaultVisibleIds } from './layer-groups.js'
import { basePaint, drawOrder, geometryShape, labelField, labelLayerId, labelLayerSpec, labelPriority, mainLayerSpec, opacityPaint, sourceSpec } from './layer-style.js'

/** What a person chose for the layers they had, carried over when the catalog is loaded again. */
export interface LayerChoices {
  /** Every layer id the choices cover; layers not in it get the default visibility. */
  known: ReadonlySet<string>
  visible: ReadonlySet<string>
  opacity: ReadonlyMap<string, number>
}

/** Puts the catalog's layers on the map and keeps each one's visibility and opacity. */
export class LayerManager {
  readonly layers: CatalogLayer[]
  readonly #byId: Map<string, CatalogLayer>
  readonly #visible: Set<string>
  readonly #opacity = new Map<string, number>()
  readonly #listeners = new Set<(layerId: string) => void>()
  readonly #areaLabels: AreaLabelSource[] = []

  constructor(
    readonly map: MapLibreMap,
    layers: CatalogLayer[],
    readonly origin: string,
    choices?: LayerChoices,
  ) {
    this.layers = layers
    this.#byId = new Map(layers.map((l) => [l.id, l]))
    const defaults = defaultVisibleIds(layers)
    this.#visible = new Set(layers.map((l) => l.id).filter((id) => (choices?.known.has(id) ? choices.visible.has(id) : defaults.has(id))))
    for (const [id, factor] of choices?.opacity ?? []) if (this.#byId.has(id)) this.#opacity.set(id, factor)
  }

  /** The visibility and opacity chosen so far, for the manager that replaces this one. */
  choices(): LayerChoices {
    return { known: new Set(this.#byId.keys()), visible: new Set(this.#visible), opacity: new Map(this.#opacity) }
  }

  /** Takes every source and layer this manager added off the map. */
  removeFromMap(): void {
    for (const layer of this.layers) {
      for (const id of this.mapLayerIds(layer.id).reverse()) this.map.removeLayer(id)
    }
    for (const labels of this.#areaLabels) labels.remove()
    for (const layer of this.layers) if (this.map.getSource(layer.id)) this.map.removeSource(layer.id)
    this.#listeners.clear()
  }

  /** Adds one vector source per layer and its map layers, bottom to top. Labels go above everything. */
  addToMap(): void {
    const labels: { spec: SymbolLayerSpecification; priority: number }[] = []
    const polygonRank = this.#polygonRanks()
    for (const layer of drawOrder(this.layers)) {
      const visible = this.isVisible(layer.id)
      this.map.addSource(layer.id, sourceSpec(layer, this.origin))
      this.map.addLayer(mainLayerSpec(layer, visible))
      const rank = polygonRank.get(layer.id) ?? 0
      const spec = labelLayerSpec(layer, visible, rank)
      if (!spec) continue
      labels.push({ spec, priority: labelPriority(geometryShape(layer), rank) })
      if (geometryShape(layer) === 'area') this.#areaLabels.push(new AreaLabelSource(this.map, layer.id, [labelField(layer)!]))
    }
    // MapLibre places the topmost symbol layer first, so it wins where labels collide.
    for (const { spec } of labels.sort((a, b) => a.priority - b.priority)) this.map.addLayer(spec)
    for (const [id, factor] of this.#opacity) if (factor !== 1) this.setOpacity(id, factor)
  }

  /** Each area layer's place among its group's area layers (county, township, village), for label sizes. */
  #polygonRanks(): Map<string, number> {
    const ranks = new Map<string, number>()
    const counts = new Map<string, number>()
    for (const layer of this.layers.filter((l) => geometryShape(l) === 'area')) {
      const rank = counts.get(layer.group) ?? 0
      ranks.set(layer.id, rank)
      counts.set(layer.group, rank + 1)
    }
    return ranks
  }

  /** Re-places area labels from the tiles now loaded; returns whether any moved (the map will redraw). */
  updateAreaLabels(): boolean {
    return this.#areaLabels.map((labels) => labels.update()).some(Boolean)
  }

  get(layerId: string): CatalogLayer | undefined {
    return this.#byId.get(layerId)
  }

  isVisible(layerId: string): boolean {
    return this.#visible.has(layerId)
  }

  /** The user's opacity factor, 0–1 (1 = the catalog style as it is). */
  opacity(layerId: string): number {
    return this.#opacity.get(layerId) ?? 1
  }

  /** The map layer ids drawn for a catalog layer: the main one and its label, if any. */
  mapLayerIds(layerId: string): string[] {
    return [layerId, labelLayerId(layerId)].filter((id) => this.map.getLayer(id))
  }

  setVisible(layerId: string, visible: boolean): void {
    if (visible) this.#visible.add(layerId)
    else this.#visible.delete(layerId)
    for (const id of this.mapLayerIds(layerId)) this.map.setLayoutProperty(id, 'visibility', visible ? 'visible' : 'none')
    this.#notify(layerId)
  }

  setOpacity(layerId: string, factor: number): void {
    const layer = this.#byId.get(layerId)
    if (!layer) return
    this.#opacity.set(layerId, factor)
    const main = this.map.getLayer(layerId)
    if (main) {
      for (const [name, value] of opacityPaint(main.type, basePaint(layer), factor)) {
        // The value is a number or an expression built from the catalog's own paint; MapLibre validates it.
        this.map.setPaintProperty(layerId, name as 'fill-opacity', value as number)
      }
    }
    if (this.map.getLayer(labelLayerId(layerId))) this.map.setPaintProperty(labelLayerId(layerId), 'text-opacity', factor)
    this.#notify(layerId)
  }

  /** Registers a listener told when a layer's visibility or opacity changes; returns its remover. */
  onChange(listener: (layerId: string) => void): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  #notify(layerId: string): void {
    for (const listener of this.#listeners) listener(layerId)
  }
}
