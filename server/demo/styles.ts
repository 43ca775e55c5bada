/** Style builders for the demo layers, in the shape the web client renders as given. */
import { GROUP_LEGEND, LAND_CLASSES } from './land-classes.js'

export interface LegendEntry { label_zh: string; label_en: string; color: string }
export type LayerStyle = {
  type: 'fill' | 'line' | 'circle'
  paint: Record<string, unknown>
  layout?: Record<string, unknown>
  legend: LegendEntry[]
}

/** A MapLibre `match` expression on a property, with a fallback colour. */
export function matchColor(property: string, pairs: readonly (readonly [string, string])[], fallback: string): unknown[] {
  return ['match', ['get', property], ...pairs.flatMap(([k, c]) => [k, c]), fallback]
}

/** Land-use fill by DLBM (or another land-class field), legend by group. */
export function landUseStyle(property = 'DLBM'): LayerStyle {
  return {
    type: 'fill',
    paint: {
      'fill-color': matchColor(property, LAND_CLASSES.map((c) => [c.code, c.color]), '#cccccc'),
      'fill-opacity': 0.85,
      'fill-outline-color': '#8a8a7a',
    },
    legend: GROUP_LEGEND.map((g) => ({ label_zh: g.group, label_en: g.en, color: g.color })),
  }
}

/** Categorised fill: entries are [value, colour, label_zh, label_en]. */
export function categoryFill(property: string, entries: readonly (readonly [string, string, string, string])[], opacity = 0.5): LayerStyle {
  return {
    type: 'fill',
    paint: { 'fill-color': matchColor(property, entries.map(([v, c]) => [v, c]), '#999999'), 'fill-opacity': opacity, 'fill-outline-color': '#555555' },
    legend: entries.map(([, color, label_zh, label_en]) => ({ label_zh, label_en, color })),
  }
}

/** Boundary lines (admin layers): transparent fill, coloured outline. */
export function boundaryStyle(color: string, width: number, label_zh: string, label_en: string): LayerStyle {
  return {
    type: 'line',
    paint: { 'line-color': color, 'line-width': width, 'line-dasharray': [4, 2] },
    legend: [{ label_zh, label_en, color }],
  }
}

/** Categorised lines: entries are [value, colour, width, label_zh, label_en]. */
export function categoryLine(property: string, entries: readonly (readonly [string, string, number, string, string])[]): LayerStyle {
  return {
    type: 'line',
    paint: {
      'line-color': matchColor(property, entries.map(([v, c]) => [v, c]), '#888888'),
      'line-width': ['match', ['get', property], ...entries.flatMap(([v, , w]) => [v, w]), 1],
    },
    layout: { 'line-cap': 'round', 'line-join': 'round' },
    legend: entries.map(([, color, , label_zh, label_en]) => ({ label_zh, label_en, color })),
  }
}

/** Categorised circles: entries are [value, colour, label_zh, label_en]. */
export function categoryCircle(property: string, entries: readonly (readonly [string, string, string, string])[], radius: unknown = 5): LayerStyle {
  return {
    type: 'circle',
    paint: {
      'circle-color': matchColor(property, entries.map(([v, c]) => [v, c]), '#888888'),
      'circle-radius': radius,
      'circle-stroke-color': '#ffffff',
      'circle-stroke-width': 1,
    },
    legend: entries.map(([, color, label_zh, label_en]) => ({ label_zh, label_en, color })),
  }
}
