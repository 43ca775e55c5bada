import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'
import type { Database } from '../server/db/database.js'
import { PgDatabase } from '../server/db/pg-database.js'
import { PgliteDatabase } from '../server/db/pglite-database.js'
import { uniqueLayerId } from './helpers/test-db.js'
import { corpus, tempDir } from './import-helpers.js'

const tmp = tempDir()
afterAll(() => tmp.cleanup())

/** `npm run import -- …` as a person runs it: DATABASE_URL's PostGIS, or an embedded database in its own folder. */
async function cli(args: string[], dataDir = join(tmp.dir, 'unused')): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = { ...process.env, ONEMAP_DATA_DIR: dataDir, LOG_LEVEL: 'silent' }
  return promisify(execFile)('npx', ['tsx', 'scripts/import.ts', ...args], { env, maxBuffer: 16 << 20 }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
  )
}

async function database(dataDir: string): Promise<Database> {
  const url = process.env.DATABASE_URL
  return url ? new PgDatabase({ connectionString: url, statementTimeoutMs: 60_000 }) : PgliteDatabase.open(join(dataDir, 'pglite'))
}

describe('npm run import', () => {
  it('imports a shapefile, printing progress and a summary on stderr, and the report with --json', async () => {
    const layer = uniqueLayerId('cli')
    const dataDir = join(tmp.dir, 'ok')
    const res = await cli([corpus('derived-ningxia-gbk-cgcs2000/gbk_nocpg_epsg4523/xzq_4523.shp'), '--layer', layer, '--title', '宁夏区县', '--json'], dataDir)
    expect(res.stderr).toMatch(/\[import\] shapefile Polygon, 22 features, encoding gbk \(detected\), EPSG:4523 \(prj\)/)
    expect(res.stderr).toMatch(/\[import\] load: 0 \/ 22 \(0%\)/)
    expect(res.stderr).toMatch(/\[import\] publish: 22 \/ 22 \(100%\)/)
    expect(res.stderr).toMatch(new RegExp(`${layer}: 22 features written \\(create\\)`))
    expect(res.code).toBe(0)
    expect(JSON.parse(res.stdout)).toMatchObject({ layer, features: { written: 22 }, crs: { srid: 4523 } })
    const db = await database(dataDir)
    try {
      const { rows } = await db.query<{ title_zh: string; feature_count: number }>('SELECT title_zh, feature_count FROM onemap.layers WHERE id = $1', [layer])
      expect(rows[0]).toEqual({ title_zh: '宁夏区县', feature_count: 22 })
    } finally {
      await db.close()
    }
  }, 240_000)

  it('exits non-zero with the message, and no stack trace, when the input is refused', async () => {
    const res = await cli([corpus('ningxia-admin-amap-shp/ningxia_district_no_prj_no_cpg/宁夏回族自治区.shp'), '--layer', uniqueLayerId('cli')], join(tmp.dir, 'refused'))
    expect(res.code).toBe(1)
    expect(res.stderr).toMatch(/\[import\] failed: .*has no usable coordinate system.*--srs EPSG:4490/)
    expect(res.stderr).not.toMatch(/\n\s+at /)
  }, 240_000)

  it('explains its usage when the file or the layer is missing', async () => {
    const none = await cli([])
    expect(none.code).toBe(1)
    expect(none.stderr).toMatch(/usage: npm run import -- <file/)
    const noLayer = await cli([corpus('derived-ningxia-gbk-cgcs2000/gbk_nocpg_epsg4523/xzq_4523.shp')])
    expect(noLayer.stderr).toMatch(/--layer <id>/)
    expect(noLayer.code).toBe(1)
  })
})
