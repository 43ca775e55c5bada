import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl'
import { labelPoint, type PolygonCoordinates } from './label-points.js'

/** The GeoJSON source id holding one label point per area of a layer. */
export function areaLabelSourceId(layerId: string): string {
  return `${layerId}--label-points`
}

function polygonsOf(feature: GeoJSON.Feature): PolygonCoordinates[] {
  const geometry = feature.geometry
  if (geometry.type === 'Polygon') return [geometry.coordinates]
  if (geometry.type === 'MultiPolygon') return geometry.coordinates
  return []
}

/**
 * Keeps one label point per area (per feature id) for an area layer, computed from the tile pieces
 * the map has loaded, so a township's name appears once rather than once per tile. The owner calls
 * update() when the map comes to rest; the source is only updated when the points changed.
 */
export class AreaLabelSource {
  #last = ''

  constructor(
    readonly map: MapLibreMap,
    readonly layerId: string,
    /** Attributes copied to the label point (the name field and any the label expression uses). */
    readonly fields: string[],
  ) {
    map.addSource(areaLabelSourceId(layerId), { type: 'geojson', data: { type: 'FeatureCollection', features: [] } })
  }

  /** Removes the label-point source; the label layer drawing from it must be removed first. */
  remove(): void {
    if (this.map.getSource(areaLabelSourceId(this.layerId))) this.map.removeSource(areaLabelSourceId(this.layerId))
  }

  /** Recomputes the label points from the loaded tiles; returns whether they changed (and the map will redraw). */
  update(): boolean {
    const label = this.map.getLayer(`${this.layerId}--label`)
    if (!label || this.map.getLayoutProperty(label.id, 'visibility') === 'none' || this.map.getZoom() < label.minzoom) return false
    const data = JSON.stringify({ type: 'FeatureCollection', features: this.#points() })
    if (data === this.#last) return false
    this.#last = data
    this.map.getSource<GeoJSONSource>(areaLabelSourceId(this.layerId))?.setData(JSON.parse(data))
    return true
  }

  #points(): GeoJSON.Feature[] {
    type Area = { properties: Record<string, unknown>; polygons: PolygonCoordinates[] }
    const pieces = new Map<string | number, Area>()
    for (const feature of this.map.querySourceFeatures(this.layerId, { sourceLayer: this.layerId })) {
      const key = feature.id ?? JSON.stringify(this.fields.map((f) => feature.properties[f]))
      const entry: Area = pieces.get(key) ?? { properties: feature.properties, polygons: [] }
      entry.polygons.push(...polygonsOf(feature))
      pieces.set(key, entry)
    }
    const points: GeoJSON.Feature[] = []
    // Sorted, so the same pieces always give the same data and an unchanged map is not redrawn.
    const sorted = [...pieces.entries()].sort(([a], [b]) => String(a).localeCompare(String(b)))
    for (const [, { properties, polygons }] of sorted) {
      const point = labelPoint(polygons)
      if (!point) continue
      const kept = Object.fromEntries(this.fields.map((f) => [f, properties[f]]))
      points.push({ type: 'Feature', properties: kept, geometry: { type: 'Point', coordinates: point } })
    }
    return points
  }
}
