import type { GeometryType } from '../../catalog/catalog.types.js'
import { ImportInputError } from '../import-errors.js'
import type { IssueLog } from '../import-report.js'
import type { SurveyQa } from '../qa/survey-qa.js'

export interface LoadCounts {
  read: number
  written: number
  skippedDeleted: number
  /** Features of another geometry kind than the one asked for (GeoJSON with the geometry option). */
  skippedOtherKind: number
  nullGeometry: number
  repaired: number
  /** Official area of everything written, in hundredths of m² (exact integer arithmetic). */
  areaCents: number
}

/** A feature PostGIS found invalid and repaired, as batchInsertSql / batchCheckSql report it. */
export interface Repaired {
  i: number
  reason: string
  parts: number | null
  emptied: boolean
  area: number | null
}

/** One stored feature of a batch: its number, values (kept only for the survey QA) and official area. */
export interface StoredRow {
  index: number
  values: unknown[] | null
  area: number | null
}

export const NULL_GEOMETRY = { code: 'null_geometry', message: 'The feature has no geometry; it was stored without one.', severity: 'warning' } as const

/**
 * The load's books, shared by both load paths: counts, the repair report, official-area totals
 * (a repaired feature counts with its area after repair) and the survey QA, batch by batch.
 */
export class LoadLedger {
  readonly counts: LoadCounts = { read: 0, written: 0, skippedDeleted: 0, skippedOtherKind: 0, nullGeometry: 0, repaired: 0, areaCents: 0 }

  constructor(private readonly t: { issues: IssueLog; qa: SurveyQa | null; geometryType: GeometryType; layerId: string; onProgress(counts: LoadCounts): Promise<void> }) {}

  /** A batch is in the stage: settle its rows with the repairs PostGIS reported, and report progress. */
  async settle(rows: StoredRow[], repaired: Repaired[]): Promise<void> {
    const repairedArea = new Map<number, number | null>()
    for (const r of repaired) repairedArea.set(r.i, this.noteRepair(r))
    for (const p of rows) {
      const area = repairedArea.has(p.index) ? repairedArea.get(p.index)! : p.area
      if (area !== null) this.counts.areaCents += Math.round(area * 100)
      if (p.values) this.t.qa?.check(p.index, p.values, area)
    }
    this.counts.written += rows.length
    await this.t.onProgress(this.counts)
  }

  /** Report a repaired geometry; returns its official area after repair. */
  private noteRepair(r: Repaired): number | null {
    this.counts.repaired++
    if (r.emptied && (r.parts ?? 0) > 1) {
      throw new ImportInputError(`Feature ${r.i}: its geometry is invalid (${r.reason}); repairing it gives ${r.parts} parts, which the ${this.t.geometryType} layer ${this.t.layerId} cannot hold. Fix the feature, or replace the layer so it becomes Multi${this.t.geometryType}.`)
    }
    const action = r.emptied ? 'nothing was left after repair, so it was stored without geometry' : 'repaired with ST_MakeValid'
    this.t.issues.add(r.i, { code: r.emptied ? 'invalid_geometry_emptied' : 'invalid_geometry_repaired', message: `Invalid geometry (${r.reason}); ${action}.`, severity: 'warning' })
    return r.area === null ? null : Number(r.area)
  }
}
