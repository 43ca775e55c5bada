import { readFileSync } from 'node:fs'

/**
 * The statements of a .sql file split on `-- name: <key>` lines, so one readable file can hold
 * the fixed statements of a module. Comments stay in; the trailing semicolon goes.
 */
export function readSqlSections(url: URL): Record<string, string> {
  const sections: Record<string, string> = {}
  const parts = readFileSync(url, 'utf8').split(/^-- name: *(\w+) *$/m)
  for (let i = 1; i < parts.length; i += 2) sections[parts[i]!] = parts[i + 1]!.trim().replace(/;$/, '')
  return sections
}

/** A named statement, failing at module load (not at first use) when the file lacks it. */
export function sqlStatement(sections: Record<string, string>, name: string): string {
  const sql = sections[name]
  if (!sql) throw new Error(`SQL statement "${name}" is missing`)
  return sql
}
