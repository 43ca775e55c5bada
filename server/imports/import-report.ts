import type { areaUnits } from '../area/area.service.js'
import type { CrsChoice, EncodingChoice, FeatureIssue, IssueSeverity } from './import.types.js'

/** One problem in the report, tied to the feature's position in the source (1-based). */
export interface ReportIssue extends FeatureIssue {
  feature: number
}

/** The import report: what was read, written, repaired and warned about (docs/imports.md). */
export interface ImportReport {
  layer: string
  mode: string
  format: string
  sourceGeometryType: string
  geometryType: string
  encoding: EncodingChoice | null
  crs: CrsChoice & { storedAs: number }
  gcj02Corrected: boolean
  features: { read: number; written: number; skippedDeleted: number; skippedOtherKind: number; nullGeometry: number; repaired: number }
  /** Official ellipsoidal area of all polygons written (m², 公顷, 亩). */
  officialArea: ReturnType<typeof areaUnits> | null
  /** Count of issues per code, however many were listed. */
  issueCounts: Record<string, number>
  /** The first issues (IMPORT_REPORT_MAX_ISSUES), in source order within each stage. */
  issues: ReportIssue[]
  issuesTruncated: boolean
  /** Survey QA (DOMAIN.md R9): one entry per rule with the number of features breaking it. */
  qa: QaResult[] | null
  notes: string[]
  dataVersion: number | null
  durationMs: number
}

export interface QaResult {
  rule: string
  title: string
  severity: IssueSeverity
  count: number
  /** fids (= source record numbers for new layers) of the first offenders. */
  sample: number[]
}

/** Collects issues with a bound on how many are listed; counts are always complete. */
export class IssueLog {
  readonly issues: ReportIssue[] = []
  readonly counts: Record<string, number> = {}
  truncated = false

  constructor(private readonly max: number) {}

  /** Source order (load sessions finish batches in any order). */
  sort(): void {
    this.issues.sort((a, b) => a.feature - b.feature)
  }

  add(feature: number, issue: FeatureIssue): void {
    this.counts[issue.code] = (this.counts[issue.code] ?? 0) + 1
    if (this.issues.length < this.max) this.issues.push({ feature, ...issue })
    else this.truncated = true
  }
}
