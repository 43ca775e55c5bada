import type { CatalogLayer } from './catalog.types.js'

/** Groups of the layer tree, in the order a planner reads them; unknown groups follow in catalog order. */
export const GROUP_ORDER = ['admin', 'survey', 'control', 'rights', 'monitoring', 'hazard', 'base', 'result'] as const

/** Groups that have their own name in messages.ts; any other is shown under "other". */
export function knownGroup(group: string): (typeof GROUP_ORDER)[number] | 'other' {
  return (GROUP_ORDER as readonly string[]).includes(group) ? (group as (typeof GROUP_ORDER)[number]) : 'other'
}

export interface LayerGroup {
  id: string
  layers: CatalogLayer[]
}

/** The catalog split into groups in GROUP_ORDER; layers keep the catalog's order inside a group. */
export function groupLayers(layers: CatalogLayer[]): LayerGroup[] {
  const groups = new Map<string, CatalogLayer[]>()
  for (const layer of layers) {
    const list = groups.get(layer.group) ?? []
    list.push(layer)
    groups.set(layer.group, list)
  }
  const rank = (id: string) => {
    const index = (GROUP_ORDER as readonly string[]).indexOf(id)
    return index === -1 ? GROUP_ORDER.length : index
  }
  return [...groups.entries()].map(([id, list]) => ({ id, layers: list })).sort((a, b) => rank(a.id) - rank(b.id))
}

/**
 * Layers shown on first load, so the first screen reads as one map rather than a pile of layers:
 * the base map, administrative divisions, control lines, and the latest year of the first survey series.
 */
export function defaultVisibleIds(layers: CatalogLayer[]): Set<string> {
  const visible = new Set(layers.filter((l) => ['base', 'admin', 'control'].includes(l.group)).map((l) => l.id))
  const firstSurvey = layers.find((l) => l.group === 'survey')
  if (firstSurvey) {
    const series = layers.filter((l) => l.group === 'survey' && (l.series ?? l.id) === (firstSurvey.series ?? firstSurvey.id))
    const latest = series.reduce((a, b) => ((b.year ?? 0) > (a.year ?? 0) ? b : a))
    visible.add(latest.id)
  }
  return visible
}
