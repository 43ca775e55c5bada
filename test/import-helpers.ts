import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import yazl from 'yazl'
import { afterAll, beforeAll } from 'vitest'
import type { FeatureCollection, Geometry as GeoJsonGeometry } from 'geojson'
import { inspectSource } from '../server/imports/detect/inspect.js'
import type { Geometry, ImportPlan, ImportRequest } from '../server/imports/import.types.js'
import { attributesFromPlan } from '../server/imports/load/target.js'
import { readRows } from '../server/imports/load/rows.js'
import { openTestApp, type TestApp } from './helpers/test-app.js'

const run = promisify(execFile)

/** The shared third-party corpora, resolved from the repository root. */
export const TESTDATA = resolve('../shared/testdata')
export const corpus = (...parts: string[]) => join(TESTDATA, ...parts)

export const ZIP_LIMITS = { maxEntries: 1000, maxBytes: 1 << 30, maxRatio: 200 }

/** A fresh temporary folder (removed by `cleanup`). */
export function tempDir(): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'onemap-import-test-'))
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) }
}

/** What GDAL reads from a file: ogr2ogr to GeoJSON on stdout, with open options and an optional reprojection. */
export async function gdalRead(path: string, options: { oo?: string[]; tSrs?: string; config?: Record<string, string> } = {}): Promise<FeatureCollection> {
  const source = /\.zip$/i.test(path) && !path.startsWith('/vsizip/') ? `/vsizip/${path}` : path
  const args = ['-f', 'GeoJSON', '/vsistdout/', source, ...(options.oo ?? []).flatMap((o) => ['-oo', o]), ...(options.tSrs ? ['-t_srs', options.tSrs] : [])]
  const { stdout } = await run('ogr2ogr', args, { maxBuffer: 256 << 20, env: { ...process.env, ...options.config } })
  return JSON.parse(stdout) as FeatureCollection
}

/** Whether GDAL can open a file at all (ogrinfo exit status). */
export async function gdalOpens(path: string): Promise<boolean> {
  return run('ogrinfo', ['-ro', '-so', '-al', path]).then(() => true, () => false)
}

/** The ESRI WKT GDAL writes for an EPSG code (the .prj of a shapefile in that CRS). */
export async function esriWkt(code: number, flavour: 'wkt_esri' | 'wkt1' | 'wkt2' = 'wkt_esri'): Promise<string> {
  return (await run('gdalsrsinfo', ['-o', flavour, `EPSG:${code}`])).stdout.trim()
}

/** Write features as a shapefile with ogr2ogr (GBK by default), optionally dropping sidecars afterwards. */
export async function writeShapefile(dir: string, name: string, fc: FeatureCollection, options: { sSrs?: string; tSrs?: string; encoding?: string; type?: string } = {}): Promise<string> {
  const src = join(dir, `${name}.src.geojson`)
  writeFileSync(src, JSON.stringify(fc))
  const shp = join(dir, `${name}.shp`)
  const args = ['-f', 'ESRI Shapefile', shp, src, '-lco', `ENCODING=${options.encoding ?? 'CP936'}`]
  if (options.sSrs) args.push(options.tSrs ? '-s_srs' : '-a_srs', options.sSrs)
  if (options.tSrs) args.push('-t_srs', options.tSrs)
  if (options.type) args.push('-nlt', options.type)
  await run('ogr2ogr', args)
  return shp
}

/** A zip archive of named entries (paths on disk or bytes). */
export async function zipOf(path: string, entries: { name: string; data: Buffer | string }[]): Promise<string> {
  const zip = new yazl.ZipFile()
  for (const e of entries) {
    if (typeof e.data === 'string') zip.addFile(e.data, e.name)
    else zip.addBuffer(e.data, e.name)
  }
  zip.end()
  const chunks: Buffer[] = []
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer)
  writeFileSync(path, Buffer.concat(chunks))
  return path
}

/** Read a source the way the importer does (inspect, then stream rows), keyed by source field names. */
export async function readSource(path: string, request: Partial<ImportRequest> = {}) {
  const { dir, cleanup } = tempDir()
  try {
    const plan = await inspectSource({ path, workDir: dir, zipLimits: ZIP_LIMITS }, { layer: 'x', mode: 'create', ...request })
    const attributes = attributesFromPlan(plan)
    const rows: { index: number; properties: Record<string, unknown> | null; geometry: Geometry | null }[] = []
    for await (const row of readRows(plan, attributes)) {
      const properties = row.values && Object.fromEntries(plan.fields.map((f, i) => [f.source, row.values![i]]))
      rows.push({ index: row.index, properties, geometry: row.geometry })
    }
    return { plan, rows }
  } finally {
    cleanup()
  }
}

/** Rings (or point lists) of a geometry, flattened and sorted, for comparing two readers' output. */
export function rings(g: Geometry | GeoJsonGeometry | null): number[][][] {
  if (!g) return []
  const c = (g as { coordinates: unknown }).coordinates
  const depth = (v: unknown): number => (Array.isArray(v) ? 1 + depth(v[0]) : 0)
  const flat: number[][][] = []
  const visit = (v: unknown) => {
    if (depth(v) === 2) flat.push((v as number[][]).map((p) => [p[0]!, p[1]!]))
    else if (depth(v) === 1) flat.push([[(v as number[])[0]!, (v as number[])[1]!]])
    else for (const x of v as unknown[]) visit(x)
  }
  visit(c)
  return flat.sort((a, b) => a[0]![0]! - b[0]![0]! || a[0]![1]! - b[0]![1]! || a.length - b.length)
}

/** Largest coordinate difference between two sets of rings of the same shape (Infinity if shapes differ). */
export function maxDeviation(a: number[][][], b: number[][][]): number {
  if (a.length !== b.length) return Infinity
  let max = 0
  a.forEach((ring, i) => {
    if (ring.length !== b[i]!.length) max = Infinity
    else ring.forEach((p, j) => (max = Math.max(max, Math.abs(p[0]! - b[i]![j]![0]!), Math.abs(p[1]! - b[i]![j]![1]!))))
  })
  return max
}

export type { ImportPlan }

/** Run an import to its end the way the CLI does (inspect, a running job, the app's runner). */
export async function importFile(app: import('fastify').FastifyInstance, path: string, request: Partial<ImportRequest> & { layer: string }, mutatePlan?: (plan: ImportPlan) => void) {
  const { planImport } = await import('../server/imports/imports.service.js')
  const { jobsRepository } = await import('../server/jobs/jobs.repository.js')
  const { parseImportRequest } = await import('../server/imports/import-request.js')
  const { dir } = tempDir()
  const req = { ...parseImportRequest({ layer: request.layer }), ...request }
  const caller = { clearance: 'confidential' as const }
  const plan = await planImport(app.db, app.config, { path, originalName: path.split('/').pop()!, workDir: dir }, req, caller)
  mutatePlan?.(plan)
  const job = await jobsRepository.insert(app.db, { kind: 'import', title: 'test', params: { request: req, plan, caller, workDir: dir, originalName: 'test' }, running: { worker: app.jobs.worker } })
  const done = (await app.jobs.execute(job))!
  return { job: done, report: done.result as import('../server/imports/import-report.js').ImportReport }
}

/**
 * An import test file's app (job runner off: the tests run imports themselves) and scratch folder,
 * opened before its tests and closed after them.
 */
export function useImportApp(): { readonly app: TestApp['app']; readonly db: TestApp['db']; readonly dir: string } {
  let t: TestApp | undefined
  const tmp = tempDir()
  beforeAll(async () => {
    t = await openTestApp({ JOB_RUNNER: false })
  })
  afterAll(async () => {
    await t?.close()
    tmp.cleanup()
  })
  return {
    get app() {
      return t!.app
    },
    get db() {
      return t!.db
    },
    dir: tmp.dir,
  }
}
