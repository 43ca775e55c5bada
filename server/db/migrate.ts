import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Database } from './database.js'

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations/', import.meta.url))

/** Any fixed number: serialises migrations when several OneMap instances start at once. */
const MIGRATION_LOCK = 72_160_011

/**
 * Apply every migrations/NNNN_name.sql not yet recorded, in name order, each in its own
 * transaction together with its record, so a failed migration leaves nothing behind.
 * Returns the names applied now.
 */
export async function migrate(db: Database, dir = MIGRATIONS_DIR, log: (line: string) => void = () => undefined): Promise<string[]> {
  await db.exec(`CREATE SCHEMA IF NOT EXISTS onemap;
    CREATE TABLE IF NOT EXISTS onemap.schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`)
  const files = (await readdir(dir)).filter((f) => /^\d{4}_[\w-]+\.sql$/.test(f)).sort()
  const applied: string[] = []
  await db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK])
    const done = new Set((await tx.query<{ name: string }>('SELECT name FROM onemap.schema_migrations')).rows.map((r) => r.name))
    for (const file of files) {
      if (done.has(file)) continue
      log(`migrating ${file}`)
      await tx.exec(await readFile(join(dir, file), 'utf8'))
      await tx.query('INSERT INTO onemap.schema_migrations (name) VALUES ($1)', [file])
      applied.push(file)
    }
  })
  return applied
}
