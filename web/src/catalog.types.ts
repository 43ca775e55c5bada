/** The catalog as the web client receives it from GET /api/layers (see server/catalog/catalog.routes.ts). */

export type Tier = 'public' | 'internal' | 'confidential'

/** The MapLibre layer types a catalog style may ask for. */
export type StyleType = 'fill' | 'line' | 'circle'

/** One legend row: a colour and its meaning in both languages. */
export interface LegendEntry {
  label_zh: string
  label_en: string
  color: string
}

/** A layer's default style, stored in the catalog next to its data. */
export interface CatalogStyle {
  type?: StyleType
  paint?: Record<string, unknown>
  layout?: Record<string, unknown>
  legend?: LegendEntry[]
  /** Optional label hint: which attribute names a feature, and from which zoom. */
  label?: { field: string; minZoom?: number }
}

export interface CatalogAttribute {
  name: string
  type: string
  title_zh?: string
  title_en?: string
}

export interface CatalogLayer {
  id: string
  title: { zh: string; en: string }
  kind: string
  geometryType: string
  series: string | null
  year: number | null
  tier: Tier
  group: string
  minZoom: number
  attributes: CatalogAttribute[]
  style: CatalogStyle
  extent: [number, number, number, number] | null
  featureCount: number
  links: { tilejson?: string; [rel: string]: string | undefined }
}

export interface CatalogResponse {
  layers: CatalogLayer[]
}
