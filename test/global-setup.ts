import { rmSync } from 'node:fs'
import { dirname } from 'node:path'
import type { TestProject } from 'vitest/node'
import { prepareTestDatabase } from './helpers/prepare-test-db.js'

/**
 * Once per run: a database with the schema, dictionaries and the tiny demo region. On PostGIS
 * (DATABASE_URL) it is that database, reset; on PGlite it is a template folder each test file copies.
 */
export default async function setup(project: TestProject): Promise<() => void> {
  const template = await prepareTestDatabase()
  project.provide('pgliteTemplate', template)
  return () => {
    if (template) rmSync(dirname(template), { recursive: true, force: true })
  }
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string
  }
}
