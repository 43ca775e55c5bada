import type {
  DataDrivenPropertyValueSpecification, ExpressionSpecification, LayerSpecification, SymbolLayerSpecification, VectorSourceSpecification,
} from 'maplibre-gl'
import type { CatalogLayer, StyleType } from './catalog.types.js'

/**
 * Label fonts, as CSS families the browser draws with: the style has no `glyphs` URL, so MapLibre
 * renders every label locally and never fetches glyphs (see docs/web.md).
 */
const FONT_FAMILIES = ['Noto Sans CJK SC', 'WenQuanYi Micro Hei', 'Microsoft YaHei', 'PingFang SC', 'Source Han Sans SC']
/** MapLibre reads the weight from the first family's name; the real families follow it. */
const BOLD_FONTS = ['Noto Sans CJK SC Bold', ...FONT_FAMILIES]

/** The family list for MapLibre's localIdeographFontFamily option. */
export const LOCAL_FONT_FAMILY = FONT_FAMILIES.map((f) => `'${f}'`).join(', ') + ', sans-serif'

/** Attributes that name a feature, most specific first (GB/T 21010 and TD/T 1055 field names, then common ones). */
const NAME_FIELDS = ['XZQMC', 'JMDMC', 'DMMC', 'MC', 'NAME', 'name', 'mc']

const FALLBACK_PAINT: Record<StyleType, Record<string, unknown>> = {
  fill: { 'fill-color': '#9fb3c8', 'fill-opacity': 0.5, 'fill-outline-color': '#58708a' },
  line: { 'line-color': '#58708a', 'line-width': 1.2 },
  circle: { 'circle-radius': 4, 'circle-color': '#c0392b', 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 1 },
}

/** Paint properties that carry a layer's opacity, per MapLibre layer type. */
const OPACITY_PROPERTIES: Record<string, string[]> = {
  fill: ['fill-opacity'],
  line: ['line-opacity'],
  circle: ['circle-opacity', 'circle-stroke-opacity'],
  symbol: ['text-opacity'],
}

/** The MapLibre layer type for a catalog layer: its style's, or the one its geometry implies. */
export function styleType(layer: CatalogLayer): StyleType {
  if (layer.style.type) return layer.style.type
  return ({ area: 'fill', line: 'line', point: 'circle' } as const)[geometryShape(layer)]
}

/** Whether a layer's features are areas, lines or points, whatever style draws them. */
export function geometryShape(layer: CatalogLayer): 'area' | 'line' | 'point' {
  if (layer.geometryType.endsWith('Polygon')) return 'area'
  if (layer.geometryType.endsWith('LineString')) return 'line'
  return 'point'
}

/** The vector source of a layer: its TileJSON, by absolute URL as MapLibre requires. */
export function sourceSpec(layer: CatalogLayer, origin: string): VectorSourceSpecification {
  return { type: 'vector', url: new URL(layer.links.tilejson ?? `/tiles/${layer.id}.json`, origin).href }
}

/** The catalog's paint for a layer, or a plain one for its type when the catalog has none. */
export function basePaint(layer: CatalogLayer): Record<string, unknown> {
  return layer.style.paint ?? FALLBACK_PAINT[styleType(layer)]
}

/** The main map layer of a catalog layer; its id is the catalog id, and so is its source-layer. */
export function mainLayerSpec(layer: CatalogLayer, visible: boolean): LayerSpecification {
  const type = styleType(layer)
  return {
    id: layer.id,
    type,
    source: layer.id,
    'source-layer': layer.id,
    minzoom: layer.minZoom,
    paint: { ...basePaint(layer) },
    layout: { ...(layer.style.layout ?? {}), visibility: visible ? 'visible' : 'none' },
  } as LayerSpecification
}

/** Id of the label layer drawn for a catalog layer. */
export function labelLayerId(layerId: string): string {
  return `${layerId}--label`
}

/** The attribute that names a layer's features, if it has one worth labelling. */
export function labelField(layer: CatalogLayer): string | undefined {
  if (layer.style.label) return layer.style.label.field
  if (layer.group !== 'admin' && layer.group !== 'base') return undefined
  const names = new Set(layer.attributes.map((a) => a.name))
  return NAME_FIELDS.find((field) => names.has(field))
}

/**
 * A label layer for a catalog layer, or null. `rank` is the layer's place among its group's polygon
 * layers: county names (rank 0) are large and always shown, township and village names smaller and later.
 */
export function labelLayerSpec(layer: CatalogLayer, visible: boolean, rank: number): SymbolLayerSpecification | null {
  const field = labelField(layer)
  if (!field) return null
  // Placement follows the geometry, not the style: administrative areas drawn as outlines are still areas.
  const shape = geometryShape(layer)
  const size = shape === 'area' ? [15, 12.5, 11][Math.min(rank, 2)] : 11.5
  const minzoom = layer.style.label?.minZoom ?? Math.max(layer.minZoom, shape === 'area' ? [0, 10, 12][Math.min(rank, 2)] : 0)
  // Areas are labelled from one computed point each (AreaLabelSource), not from every tile piece.
  const source = shape === 'area' ? { source: `${layer.id}--label-points` } : { source: layer.id, 'source-layer': layer.id }
  return {
    id: labelLayerId(layer.id),
    type: 'symbol',
    ...source,
    minzoom,
    layout: {
      visibility: visible ? 'visible' : 'none',
      'text-field': ['to-string', ['get', field]],
      'text-font': shape === 'area' && rank === 0 ? BOLD_FONTS : FONT_FAMILIES,
      'text-size': size,
      'symbol-placement': shape === 'line' ? 'line' : 'point',
      'text-anchor': shape === 'point' ? 'left' : 'center',
      'text-offset': shape === 'point' ? [0.6, 0] : [0, 0],
      'text-max-width': 8,
      'text-padding': 4,
      ...(shape === 'point' && pointSortKey(layer) !== undefined ? { 'symbol-sort-key': pointSortKey(layer) } : {}),
    },
    paint: {
      'text-color': shape === 'area' ? '#41305e' : '#333333',
      'text-halo-color': 'rgba(255,255,255,0.9)',
      'text-halo-width': 1.5,
    },
  }
}

/**
 * Which labels win where they collide (higher wins): county names, then townships, then places,
 * then village areas, then road and river names.
 */
export function labelPriority(shape: 'area' | 'line' | 'point', rank: number): number {
  if (shape === 'area') return [5, 4, 2][Math.min(rank, 2)]
  return shape === 'point' ? 3 : 1
}

/** Larger points (cities before villages) label first: MapLibre places lower sort keys first. */
function pointSortKey(layer: CatalogLayer): DataDrivenPropertyValueSpecification<number> | undefined {
  const radius = basePaint(layer)['circle-radius']
  if (radius === undefined || JSON.stringify(radius).includes('"zoom"')) return undefined
  // The radius comes from the catalog style, which MapLibre has already accepted as an expression.
  return typeof radius === 'number' ? -radius : (['-', 0, radius] as unknown as ExpressionSpecification)
}

/** A base opacity from the catalog style scaled by the user's factor; zoom curves are replaced, not scaled. */
export function scaledOpacity(base: unknown, factor: number): unknown {
  if (base === undefined) return factor
  if (typeof base === 'number') return base * factor
  // MapLibre only allows a zoom curve at the top of an expression, so it cannot be multiplied.
  if (JSON.stringify(base).includes('"zoom"')) return factor
  return ['*', factor, base]
}

/** The paint properties `[name, value]` that give a map layer of `type` the opacity `factor`. */
export function opacityPaint(type: string, paint: Record<string, unknown>, factor: number): [string, unknown][] {
  return (OPACITY_PROPERTIES[type] ?? []).map((name) => [name, scaledOpacity(paint[name], factor)])
}

const FILL_ORDER = ['base', 'survey', 'rights', 'control', 'monitoring', 'hazard', 'result', 'admin']
const LINE_ORDER = ['survey', 'rights', 'base', 'monitoring', 'hazard', 'result', 'control', 'admin']
const CIRCLE_ORDER = ['base', 'survey', 'rights', 'control', 'admin', 'monitoring', 'result', 'hazard']
const ORDER_BY_TYPE: Record<StyleType, string[]> = { fill: FILL_ORDER, line: LINE_ORDER, circle: CIRCLE_ORDER }
const TYPE_RANK: Record<StyleType, number> = { fill: 0, line: 1, circle: 2 }

/**
 * Catalog layers bottom to top: areas, then lines, then points, each by group so land-use patches lie
 * under control lines and administrative boundaries stay on top. Ties keep the catalog's order.
 */
export function drawOrder(layers: CatalogLayer[]): CatalogLayer[] {
  const key = (layer: CatalogLayer) => {
    const type = styleType(layer)
    const groupRank = ORDER_BY_TYPE[type].indexOf(layer.group)
    return TYPE_RANK[type] * 100 + (groupRank === -1 ? 50 : groupRank)
  }
  return layers.map((layer, index) => ({ layer, index, key: key(layer) }))
    .sort((a, b) => a.key - b.key || a.index - b.index)
    .map((entry) => entry.layer)
}
