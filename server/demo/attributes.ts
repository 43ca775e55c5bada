/** Compact attribute definitions for the demo layers. */
import type { AttributeDef, AttributeType } from '../catalog/catalog.types.js'

/** Rows of [name, type, title_zh, title_en] to AttributeDefs. */
export function attrs(rows: readonly (readonly [string, AttributeType, string, string])[]): AttributeDef[] {
  return rows.map(([name, type, title_zh, title_en]) => ({ name, type, title_zh, title_en }))
}

/** The source line every demo layer carries. */
export function demoSource(seed: number): string {
  return `OneMap demo generator, seed ${seed}`
}
