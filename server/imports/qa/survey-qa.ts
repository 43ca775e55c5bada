import type { QaResult } from '../import-report.js'
import { SURVEY_RULES, type SurveyRecord, type SurveyRule } from './survey-rules.js'

const SAMPLE = 20

/** Value access by standard name over one row of values, for the rules. */
class RowRecord implements SurveyRecord {
  values: unknown[] = []
  area: number | null = null
  constructor(private readonly index: Map<string, number>) {}

  private value(names: string[]): unknown {
    for (const n of names) {
      const at = this.index.get(n)
      if (at !== undefined) return this.values[at]
    }
    return null
  }

  text(...names: string[]): string {
    const v = this.value(names)
    return v === null || v === undefined ? '' : String(v).trim()
  }

  number(...names: string[]): number {
    const t = this.text(...names)
    return t === '' ? NaN : Number(t)
  }

  has(...names: string[]): boolean {
    return names.some((n) => this.index.has(n))
  }
}

/**
 * The feature-by-feature survey QA of DOMAIN.md R9, run in the import stream: rules whose fields
 * the layer lacks are skipped (and said so); each rule counts offenders and keeps the first few
 * source feature numbers for the report.
 */
export class SurveyQa {
  readonly skipped: string[] = []
  private readonly rules: { rule: SurveyRule; count: number; sample: number[] }[] = []
  private readonly record: RowRecord

  constructor(columns: string[], private readonly tolerance: number, private readonly onIssue: (feature: number, rule: SurveyRule, message: string) => void) {
    const index = new Map(columns.map((c, i) => [c.toUpperCase(), i]))
    this.record = new RowRecord(index)
    const skipped: string[] = []
    for (const rule of SURVEY_RULES) {
      const missing = rule.needs.filter((group) => !group.some((n) => index.has(n)))
      if (missing.length === 0) this.rules.push({ rule, count: 0, sample: [] })
      else skipped.push(`${rule.id} (${rule.title}) was not checked: the layer has no ${missing.map((g) => g.join('/')).join(', ')} field.`)
    }
    if (this.rules.length > 0) this.skipped.push(...skipped)
    else this.skipped.push('The survey QA (DOMAIN R9) was not run: the layer has none of the 地类图斑 fields it checks (DLBM, TBMJ, …).')
  }

  check(feature: number, values: unknown[], area: number | null): void {
    this.record.values = values
    this.record.area = area
    for (const entry of this.rules) {
      const message = entry.rule.check(this.record, this.tolerance)
      if (message === null) continue
      entry.count++
      if (entry.sample.length < SAMPLE) entry.sample.push(feature)
      this.onIssue(feature, entry.rule, message)
    }
  }

  results(): QaResult[] {
    return this.rules.map(({ rule, count, sample }) => ({ rule: rule.id, title: rule.title, severity: rule.severity, count, sample }))
  }
}
