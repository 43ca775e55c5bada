import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs'
import { dirname } from 'node:path'
import type { Figure } from './types.js'

/** Everything one `npm run bench` wrote: when, how, on what, and the figures. */
export interface BenchReport {
  generatedAt: string
  mode: 'quick' | 'full'
  machine: { cpus: number; node: string; postgres: string; postgis: string }
  dataset: string
  figures: Figure[]
  /** Benches that threw: their figures are missing from this run. */
  failures: { bench: string; error: string }[]
}

const START = '<!-- bench:table:start -->'
const END = '<!-- bench:table:end -->'

export function writeJson(path: string, report: BenchReport): void {
  mkdirSync(dirname(path), { recursive: true })
  writeFileSync(path, JSON.stringify(report, null, 2) + '\n')
}

/** The generated Markdown table of a report. */
export function markdownTable(report: BenchReport): string {
  const rows = report.figures.map((f) =>
    `| ${f.name} | ${fmt(f.onemap.value)} ${f.onemap.unit} | ${fmt(f.baseline.value)} ${f.baseline.unit} (${f.baseline.label}) | ${f.speedup} | ≥ ${f.target} | ${f.met ? 'yes' : '**no**'} |`,
  )
  const failures = report.failures.map((f) => `- **${f.bench} failed:** ${f.error}`)
  return [
    `Run: ${report.generatedAt}, ${report.mode} mode, ${report.machine.cpus} CPU(s), Node ${report.machine.node}, ${report.machine.postgres}, PostGIS ${report.machine.postgis}; data: ${report.dataset}.`,
    '',
    '| Figure | OneMap | Baseline | Speedup | Target | Met |',
    '|---|---|---|---|---|---|',
    ...rows,
    ...(failures.length ? ['', ...failures] : []),
  ].join('\n')
}

/**
 * Replace the table between the markers in docs/benchmarks.md, keeping the hand-written text
 * around it; create the file if it does not exist.
 */
export function writeMarkdown(path: string, report: BenchReport): void {
  const table = `${START}\n${markdownTable(report)}\n${END}`
  const current = existsSync(path) ? readFileSync(path, 'utf8') : ''
  const at = current.indexOf(START)
  const end = current.indexOf(END)
  const next = at >= 0 && end > at ? current.slice(0, at) + table + current.slice(end + END.length) : `# Benchmarks\n\n${table}\n`
  mkdirSync(dirname(path), { recursive: true })
  writeFileSync(path, next)
}

function fmt(value: number): string {
  return Number.isInteger(value) ? value.toLocaleString('en') : value.toLocaleString('en', { maximumSignificantDigits: 4 })
}
