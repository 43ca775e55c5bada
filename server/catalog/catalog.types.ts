export const LAYER_KINDS = ['base', 'survey', 'rights', 'control', 'thematic', 'result'] as const
export type LayerKind = (typeof LAYER_KINDS)[number]

/** Data tiers, lowest first: a caller sees a layer when its clearance is at least the layer's tier. */
export const TIERS = ['public', 'internal', 'confidential'] as const
export type Tier = (typeof TIERS)[number]

export const GEOMETRY_TYPES = ['Point', 'MultiPoint', 'LineString', 'MultiLineString', 'Polygon', 'MultiPolygon'] as const
export type GeometryType = (typeof GEOMETRY_TYPES)[number]

export const ATTRIBUTE_TYPES = ['text', 'integer', 'bigint', 'number', 'decimal', 'boolean', 'date', 'timestamp'] as const
export type AttributeType = (typeof ATTRIBUTE_TYPES)[number]

/** One attribute column of a layer table, with the standard field name kept as it comes (DLBM, TBMJ…). */
export interface AttributeDef {
  name: string
  type: AttributeType
  title_zh?: string
  title_en?: string
}

/** A catalog row: everything the platform knows about one layer. */
export interface LayerEntry {
  id: string
  title_zh: string
  title_en: string
  kind: LayerKind
  geometry_type: GeometryType
  series: string | null
  year: number | null
  version: string | null
  source: string
  description: string
  attributes: AttributeDef[]
  tile_properties: string[] | null
  time_field: string | null
  style: Record<string, unknown>
  tier: Tier
  group_id: string
  sort_order: number
  min_zoom: number
  extent: [number, number, number, number] | null
  feature_count: number
  data_version: number
  created_at: string
  updated_at: string
}

/** Who is asking. Today there is no login, so the server's default caller is used; see docs/architecture.md. */
export interface Caller {
  clearance: Tier
}

export function tierAllows(clearance: Tier, tier: Tier): boolean {
  return TIERS.indexOf(clearance) >= TIERS.indexOf(tier)
}
