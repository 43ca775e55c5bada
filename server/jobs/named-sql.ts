import { readFileSync } from 'node:fs'

/**
 * Load a .sql file of named statements, each introduced by a line `-- name: <name>`, so fixed
 * SQL lives in .sql files beside the module that runs it.
 */
export function loadNamedSql<K extends string>(url: URL, names: readonly K[]): Record<K, string> {
  const text = readFileSync(url, 'utf8')
  const out: Partial<Record<K, string>> = {}
  for (const part of text.split(/^-- name: /m).slice(1)) {
    const newline = part.indexOf('\n')
    out[part.slice(0, newline).trim() as K] = part.slice(newline + 1).trim()
  }
  for (const name of names) if (!out[name]) throw new Error(`${url.pathname} has no statement named ${name}`)
  return out as Record<K, string>
}
