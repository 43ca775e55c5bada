import { el } from './dom.js'
import type { I18n } from './i18n.js'
import type { ImportReport, Provenance, ReportIssue } from './job.types.js'
import type { MessageKey } from './messages.js'

/** How many repairs and notes the summary lists; the job result at /api/jobs/:id has them all. */
const LISTED = 5
const REPAIR_CODES = new Set(['invalid_geometry_repaired', 'invalid_geometry_emptied'])

function number(value: number, i18n: I18n, digits = 0): string {
  return value.toLocaleString(i18n.lang === 'zh' ? 'zh-CN' : 'en', { maximumFractionDigits: digits })
}

function row(label: string, value: (Node | string | null)[], key: string): HTMLElement {
  return el('div', { class: 'om-report__row', 'data-report': key }, [el('dt', {}, [label]), el('dd', {}, value)])
}

function list(items: string[]): HTMLElement | null {
  return items.length === 0 ? null : el('ul', { class: 'om-report__list' }, items.map((item) => el('li', {}, [item])))
}

function featuresRow(r: ImportReport, i18n: I18n): HTMLElement {
  const f = r.features
  const skipped = [
    f.skippedDeleted > 0 ? i18n.t('report.skippedDeleted', { count: number(f.skippedDeleted, i18n) }) : '',
    f.skippedOtherKind > 0 ? i18n.t('report.skippedOther', { count: number(f.skippedOtherKind, i18n) }) : '',
    f.nullGeometry > 0 ? i18n.t('report.nullGeometry', { count: number(f.nullGeometry, i18n) }) : '',
  ].filter(Boolean)
  return row(i18n.t('report.features'), [i18n.t('report.featuresValue', { read: number(f.read, i18n), written: number(f.written, i18n) }), list(skipped)], 'features')
}

/** Repaired geometries with PostGIS's reason for each, e.g. "Feature 3: Invalid geometry (Self-intersection…)". */
function repairsRow(r: ImportReport, i18n: I18n): HTMLElement {
  const repairs = r.issues.filter((issue) => REPAIR_CODES.has(issue.code))
  const count = r.features.repaired
  const lines = repairs.slice(0, LISTED).map((issue) => `${i18n.t('report.feature', { n: issue.feature })}: ${issue.message}`)
  return row(i18n.t('report.repaired'), [count === 0 ? i18n.t('report.none') : i18n.t('report.count', { count: number(count, i18n) }), list(lines)], 'repaired')
}

function qaRow(r: ImportReport, i18n: I18n): HTMLElement {
  if (!r.qa) return row(i18n.t('report.qa'), [i18n.t('report.qaNotRun')], 'qa')
  const broken = r.qa.filter((rule) => rule.count > 0)
  const total = broken.reduce((sum, rule) => sum + rule.count, 0)
  const lines = broken.map((rule) => `${rule.title}: ${number(rule.count, i18n)}`)
  return row(i18n.t('report.qa'), [total === 0 ? i18n.t('report.none') : i18n.t('report.count', { count: number(total, i18n) }), list(lines)], 'qa')
}

/** Issues other than repairs, one line per kind: the first message of that kind and how often it occurred. */
function issuesRow(r: ImportReport, i18n: I18n): HTMLElement | null {
  const first = new Map<string, ReportIssue>()
  for (const issue of r.issues) if (!REPAIR_CODES.has(issue.code) && !first.has(issue.code)) first.set(issue.code, issue)
  const codes = Object.keys(r.issueCounts).filter((code) => !REPAIR_CODES.has(code))
  if (codes.length === 0) return null
  const lines = codes.map((code) => `${first.get(code)?.message ?? code} ×${number(r.issueCounts[code], i18n)}`)
  return row(i18n.t('report.issues'), [list(lines)], 'issues')
}

const source = (value: Provenance, i18n: I18n) => i18n.t(`source.${value}` as MessageKey)

function crsRow(r: ImportReport, i18n: I18n): HTMLElement {
  const value = i18n.t('report.crsValue', { srid: r.crs.srid, source: source(r.crs.source, i18n), stored: r.crs.storedAs })
  return row(i18n.t('report.crs'), [value, r.crs.declaredName ? el('div', { class: 'om-report__aside' }, [r.crs.declaredName]) : null], 'crs')
}

function encodingRow(r: ImportReport, i18n: I18n): HTMLElement | null {
  if (!r.encoding) return null
  const name = r.encoding.name.toUpperCase()
  const from = source(r.encoding.source, i18n)
  return row(i18n.t('report.encoding'), [i18n.lang === 'zh' ? `${name}（${from}）` : `${name} (${from})`], 'encoding')
}

function areaRow(r: ImportReport, i18n: I18n): HTMLElement | null {
  if (!r.officialArea) return null
  return row(i18n.t('report.area'), [i18n.t('report.areaValue', { ha: number(r.officialArea.ha, i18n, 2), mu: number(r.officialArea.mu, i18n, 1) })], 'area')
}

function notesRow(r: ImportReport, i18n: I18n, jobLink: string): HTMLElement | null {
  const unlisted = Object.values(r.issueCounts).reduce((sum, n) => sum + n, 0) - r.issues.length
  const more = r.issuesTruncated && unlisted > 0 ? [i18n.t('report.more', { count: number(unlisted, i18n), link: jobLink })] : []
  const notes = [...r.notes, ...more]
  return notes.length === 0 ? null : row(i18n.t('report.notes'), [list(notes)], 'notes')
}

/** The import report as a short summary: what was read and written, repaired, warned about, and how the file was read. */
export function importReportView(report: ImportReport, i18n: I18n, jobLink: string): HTMLElement {
  return el('dl', { class: 'om-report' }, [
    featuresRow(report, i18n), repairsRow(report, i18n), qaRow(report, i18n), issuesRow(report, i18n),
    crsRow(report, i18n), encodingRow(report, i18n), areaRow(report, i18n), notesRow(report, i18n, jobLink),
  ])
}
