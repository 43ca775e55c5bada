import type { LayerEntry } from '../catalog/catalog.types.js'
import type { Queryable } from '../db/database.js'
import { columnOf, sqlFrom, timeAttribute } from '../features/index.js'

/** [first, last] as RFC 3339 UTC text; null ends for a layer whose time field is empty. */
export type TemporalInterval = [string | null, string | null]

const MAX_ENTRIES = 1000

function sqlTemporalExtent(layer: LayerEntry): string | undefined {
  const time = timeAttribute(layer)
  if (!time) return undefined
  const column = columnOf(time.name)
  if (time.type === 'date') {
    return `SELECT to_char(min(${column}), 'YYYY-MM-DD"T00:00:00Z"') AS lo, to_char(max(${column}), 'YYYY-MM-DD"T23:59:59Z"') AS hi ${sqlFrom(layer)}`
  }
  const utc = (agg: string) => `to_char(${agg}(${column}) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`
  return `SELECT ${utc('min')} AS lo, ${utc('max')} AS hi ${sqlFrom(layer)}`
}

/**
 * Temporal extents of layers with a time field. The min/max scan is remembered per data_version
 * (which every data change bumps), so a stale value is never served and any instance may compute it.
 */
export class TemporalExtents {
  private readonly known = new Map<string, TemporalInterval>()

  constructor(private readonly db: Queryable) {}

  /** The interval of `layer`, or undefined when it has no time field. */
  async of(layer: LayerEntry): Promise<TemporalInterval | undefined> {
    const sql = sqlTemporalExtent(layer)
    if (!sql) return undefined
    const key = `${layer.id}:${layer.data_version}`
    const cached = this.known.get(key)
    if (cached) return cached
    const { rows } = await this.db.query<{ lo: string | null; hi: string | null }>(sql)
    const interval: TemporalInterval = [rows[0]?.lo ?? null, rows[0]?.hi ?? null]
    if (this.known.size >= MAX_ENTRIES) this.known.clear()
    this.known.set(key, interval)
    return interval
  }
}
