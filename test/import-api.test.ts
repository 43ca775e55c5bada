import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTestApp, type TestApp } from './helpers/test-app.js'
import { uniqueLayerId } from './helpers/test-db.js'
import { corpus, tempDir, zipOf } from './import-helpers.js'

let t: TestApp
let base: string
const tmp = tempDir()
const LIMIT = 4 * 1024 * 1024

beforeAll(async () => {
  t = await openTestApp({ UPLOAD_MAX_BYTES: LIMIT, IMPORT_ZIP_MAX_BYTES: 40 * 1024 * 1024, JOB_POLL_MS: 50, ONEMAP_DATA_DIR: join(tmp.dir, 'data') })
  base = await t.app.listen({ host: '127.0.0.1', port: 0 })
})
afterAll(async () => {
  await t?.close()
  tmp.cleanup()
})

const XZQ = corpus('derived-ningxia-gbk-cgcs2000/gbk_nocpg_epsg4523/xzq_4523')
const xzqEntries = (base = 'xzq', skip: string[] = []) =>
  ['shp', 'shx', 'dbf', 'prj'].filter((e) => !skip.includes(e)).map((e) => ({ name: `${base}.${e}`, data: `${XZQ}.${e}` }))

async function upload(file: { name: string; data: Buffer }, fields: Record<string, string>) {
  const form = new FormData()
  for (const [k, v] of Object.entries(fields)) form.set(k, v)
  form.set('file', new Blob([new Uint8Array(file.data)]), file.name)
  const res = await fetch(`${base}/api/imports`, { method: 'POST', body: form })
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> & { detail?: string } }
}

async function uploadZip(name: string, entries: { name: string; data: Buffer | string }[], fields: Record<string, string>) {
  return upload({ name, data: readFileSync(await zipOf(join(tmp.dir, name), entries)) }, fields)
}

async function job(id: string) {
  return (await fetch(`${base}/api/jobs/${id}`)).json() as Promise<Record<string, unknown> & { state: string; progress: Record<string, number>; result: Record<string, unknown> & { issues: unknown[] }; error: string | null }>
}

async function finished(id: string) {
  for (;;) {
    const j = await job(id)
    if (!['queued', 'running'].includes(j.state)) return j
    await new Promise((r) => setTimeout(r, 20))
  }
}

describe('POST /api/imports', () => {
  it('accepts a zipped GBK shapefile with 202 and a job that ends with the report', async () => {
    const layer = uniqueLayerId('api')
    const res = await uploadZip('xzq.zip', xzqEntries(), { layer, title: '宁夏区县', kind: 'base' })
    expect(res.status).toBe(202)
    expect(res.headers.get('location')).toBe(`/api/jobs/${res.body.id}`)
    expect(res.body).toMatchObject({ kind: 'import', params: { layer, mode: 'create', originalName: 'xzq.zip', inspection: { format: 'shapefile', encoding: { name: 'gbk', source: 'detected' }, crs: { srid: 4523, source: 'prj' }, featureCount: 22 } } })
    expect(JSON.stringify(res.body)).not.toContain(tmp.dir)
    const done = await finished(res.body.id as string)
    expect(done).toMatchObject({ state: 'succeeded', error: null, progress: { stage: 'done', percent: 100 }, result: { layer, features: { written: 22 } } })
    const meta = await (await fetch(`${base}/api/layers/${layer}`)).json()
    expect(meta).toMatchObject({ title: { zh: '宁夏区县' }, kind: 'base', featureCount: 22, tier: 'internal' })
  })

  it('ignores a .cpg holding an HTML page, with a note, and still decodes the GBK names', async () => {
    const layer = uniqueLayerId('htmlcpg')
    const html = readFileSync(corpus('shapefile-js-testdata/htmlcpg.cpg'))
    const res = await uploadZip('html.zip', [...xzqEntries(), { name: 'xzq.cpg', data: html }], { layer })
    expect(res.status).toBe(202)
    const done = await finished(res.body.id as string)
    expect(done.state).toBe('succeeded')
    expect((done.result.notes as string[]).join(' ')).toMatch(/xzq\.cpg does not name a code page \("<!DOCTYPE html/)
    expect(done.result.encoding).toMatchObject({ name: 'gbk', source: 'detected' })
    const { rows } = await t.db.query<{ name: string }>(`SELECT name FROM data.${layer} ORDER BY fid LIMIT 1`)
    expect(rows[0]!.name).toBe('海原县')
  })

  it('an HTML .prj is refused with advice, and accepted with an explicit srs', async () => {
    const html = readFileSync(corpus('shapefile-js-testdata/htmlprj.prj'))
    const entries = [...xzqEntries('xzq', ['prj']), { name: 'xzq.prj', data: html }]
    const refused = await uploadZip('htmlprj.zip', entries, { layer: uniqueLayerId('htmlprj') })
    expect(refused.status).toBe(422)
    expect(refused.body.detail).toMatch(/no usable coordinate system.*eight digits.*EPSG:4523/)
    const accepted = await uploadZip('htmlprj.zip', entries, { layer: uniqueLayerId('htmlprj'), srs: 'EPSG:4523' })
    expect(accepted.status).toBe(202)
    expect((await finished(accepted.body.id as string)).state).toBe('succeeded')
  })
})

describe('bad input is a 4xx with a message a person can act on, never a 500', () => {
  const zipBytes = (size: number) => Buffer.alloc(size)
  const cases: [string, () => Promise<{ status: number; body: { detail?: string } }>, number, RegExp][] = [
    ['a corrupt zip (shapefile-js badzip.zip)', () => upload({ name: 'badzip.zip', data: readFileSync(corpus('shapefile-js-testdata/badzip.zip')) }, { layer: 'x_bad' }), 422, /badzip\.zip is not a zip archive.*damaged or was renamed/],
    ['a zip without a .shp (noshp.zip)', () => upload({ name: 'noshp.zip', data: readFileSync(corpus('shapefile-js-testdata/noshp.zip')) }, { layer: 'x_noshp' }), 422, /holds no shapefile \(\.shp\).*counties\.dbf/],
    ['an empty zip (pyshp empty_zipfile.zip)', () => upload({ name: 'empty.zip', data: readFileSync(corpus('pyshp-testdata/empty_zipfile.zip')) }, { layer: 'x_empty' }), 422, /holds no shapefile.*found: dummyfile\.txt/],
    ['a zip without the .shx', () => uploadZip('noshx.zip', xzqEntries('xzq', ['shx']), { layer: 'x_noshx' }), 422, /xzq\.shp comes without its index file xzq\.shx/],
    ['a zip without the .dbf', () => uploadZip('nodbf.zip', xzqEntries('xzq', ['dbf']), { layer: 'x_nodbf' }), 422, /without its attribute table xzq\.dbf/],
    ['a truncated .shp', () => uploadZip('cut.zip', [...xzqEntries('xzq', ['shp']), { name: 'xzq.shp', data: readFileSync(`${XZQ}.shp`).subarray(0, 150_000) }], { layer: 'x_cut' }), 422, /xzq\.shp is truncated/],
    ['a MultiPatch shapefile', () => uploadZip('mp.zip', ['shp', 'shx', 'dbf'].map((e) => ({ name: `mp.${e}`, data: corpus(`shapelib-eg-data/multipatch.${e}`) })), { layer: 'x_mp', srs: 'EPSG:3857' }), 422, /MultiPatch/],
    ['a zip bomb (20 MiB of zeros in one entry)', () => uploadZip('bomb.zip', [...xzqEntries(), { name: 'notes.txt', data: zipBytes(20 << 20) }], { layer: 'x_bomb' }), 422, /"notes\.txt" expands \d+ times .*zip bombs/],
    ['a zip that expands beyond IMPORT_ZIP_MAX_BYTES', () => uploadZip('big.zip', [...xzqEntries(), ...[1, 2, 3].map((i) => ({ name: `pad${i}.bin`, data: zipBytes(15 << 20) }))], { layer: 'x_big' }), 422, /expands to \d+ MiB, more than the 40 MiB allowed/],
    ['a path traversal inside the zip', async () => {
      const path = await zipOf(join(tmp.dir, 'trav.zip'), [...xzqEntries(), { name: 'xx/xx/evil.txt', data: Buffer.from('x') }])
      writeFileSync(path, Buffer.from(readFileSync(path).toString('latin1').replaceAll('xx/xx/evil', '../../evil'), 'latin1'))
      return upload({ name: 'trav.zip', data: readFileSync(path) }, { layer: 'x_trav' })
    }, 422, /unsafe path \("\.\.\/\.\.\/evil\.txt"\)/],
    ['an upload over UPLOAD_MAX_BYTES', () => upload({ name: 'huge.geojson', data: Buffer.alloc(LIMIT + 200_000, 32) }, { layer: 'x_huge' }), 413, /larger than the 4 MiB this server accepts/],
    ['JSON that is not GeoJSON', () => upload({ name: 'x.json', data: Buffer.from('{"name": "not geojson", "rows": [1, 2]}') }, { layer: 'x_json' }), 422, /JSON but not GeoJSON.*no "type"/],
    ['text that is not JSON (geojsonhint bad-json)', () => upload({ name: 'bad.geojson', data: readFileSync(corpus('geojsonhint-fixtures/bad/bad-json.geojson')) }, { layer: 'x_badjson' }), 422, /not valid JSON/],
    ['a lone .dbf', () => upload({ name: 'testDBF.dbf', data: readFileSync(corpus('tika-dbf-gb18030/testDBF.dbf')) }, { layer: 'x_dbf' }), 422, /only one part of a shapefile/],
    ['no layer id', () => uploadZip('nolayer.zip', xzqEntries(), {}), 400, /--layer <id>/],
    ['an invalid layer id', () => uploadZip('badid.zip', xzqEntries(), { layer: 'Bad Id' }), 400, /Layer id "Bad Id" is not usable/],
    ['an unknown srs', () => uploadZip('srs.zip', xzqEntries(), { layer: 'x_srs', srs: 'EPSG:2383' }), 400, /Unsupported coordinate reference system/],
    ['an unknown encoding', () => uploadZip('enc.zip', xzqEntries(), { layer: 'x_enc', encoding: 'klingon' }), 400, /Unknown encoding "klingon"/],
  ]

  it.each(cases)('%s', async (_name, send, status, message) => {
    const res = await send()
    expect(res.status).toBe(status)
    expect(res.body.detail).toMatch(message)
    expect(JSON.stringify(res.body)).not.toMatch(/\n\s+at |node_modules/)
  })

  it('a form without a file is a 400, and no upload folder is left behind', async () => {
    const form = new FormData()
    form.set('layer', 'x_nofile')
    const res = await fetch(`${base}/api/imports`, { method: 'POST', body: form })
    expect(res.status).toBe(400)
    expect((await res.json()).detail).toMatch(/no file/)
    const { readdirSync } = await import('node:fs')
    expect(readdirSync(join(tmp.dir, 'data', 'uploads'))).toEqual([])
  })

  it('an existing layer with mode create is a 409 before anything is queued', async () => {
    const layer = uniqueLayerId('dup')
    expect((await finished((await uploadZip('a.zip', xzqEntries(), { layer })).body.id as string)).state).toBe('succeeded')
    const res = await uploadZip('b.zip', xzqEntries(), { layer })
    expect(res.status).toBe(409)
    expect(res.body.detail).toMatch(/already exists.*mode replace/)
  })
})

describe('progress and cancellation through the API', () => {
  // Imported one feature per batch below: progress is persisted at most every 400 ms, so the load must
  // last several such intervals, even on a quiet machine, for a mid-load state to be seen and cancelled.
  function squares(n: number): Buffer {
    const lines = Array.from({ length: n }, (_, i) => {
      const x = 105 + (i % 100) * 0.01, y = 37 + Math.floor(i / 100) * 0.01
      return JSON.stringify({ type: 'Feature', properties: { n: i, label: `第${i}块` }, geometry: { type: 'Polygon', coordinates: [[[x, y], [x + 0.005, y], [x + 0.005, y + 0.005], [x, y + 0.005], [x, y]]] } })
    })
    return Buffer.from(lines.join('\n') + '\n')
  }

  it('shows features read/written and percent while an import runs', async () => {
    const small = await openTestApp({ IMPORT_BATCH_SIZE: 1, JOB_POLL_MS: 50 })
    try {
      const local = await small.app.listen({ host: '127.0.0.1', port: 0 })
      const form = new FormData()
      form.set('layer', uniqueLayerId('prog'))
      form.set('file', new Blob([new Uint8Array(squares(3000))]), 'squares.geojsonl')
      const created = await (await fetch(`${local}/api/imports`, { method: 'POST', body: form })).json()
      expect(created.params.inspection).toMatchObject({ format: 'geojsonseq', featureCount: 3000, geometryType: 'MultiPolygon' })
      const seen: { stage: string; written: number; read: number; total: number; percent: number }[] = []
      for (;;) {
        const j = await (await fetch(`${local}/api/jobs/${created.id}`)).json()
        if (j.state === 'running') seen.push(j.progress)
        if (j.state === 'succeeded' || j.state === 'failed') break
        await new Promise((r) => setTimeout(r, 10))
      }
      const mid = seen.find((p) => p.stage === 'load' && p.written > 0 && p.written < 3000)
      expect(mid).toBeDefined()
      expect(mid!.total).toBe(3000)
      expect(mid!.percent).toBe(Math.floor((100 * mid!.written) / 3000))
      expect(mid!.read).toBeGreaterThanOrEqual(mid!.written!)
    } finally {
      await small.close()
    }
  })

  it('a cancelled running import stops at its next batch and changes nothing', async () => {
    const small = await openTestApp({ IMPORT_BATCH_SIZE: 1, JOB_POLL_MS: 50 })
    try {
      const local = await small.app.listen({ host: '127.0.0.1', port: 0 })
      const layer = uniqueLayerId('cancel')
      const form = new FormData()
      form.set('layer', layer)
      form.set('file', new Blob([new Uint8Array(squares(3000))]), 'squares.geojsonl')
      const created = await (await fetch(`${local}/api/imports`, { method: 'POST', body: form })).json()
      for (;;) {
        const j = await (await fetch(`${local}/api/jobs/${created.id}`)).json()
        if (j.state === 'running' && j.progress.written > 0) break
        await new Promise((r) => setTimeout(r, 10))
      }
      const cancel = await fetch(`${local}/api/jobs/${created.id}/cancel`, { method: 'POST' })
      expect(cancel.status).toBe(202)
      expect((await cancel.json()).cancelRequested).toBe(true)
      let final
      for (;;) {
        final = await (await fetch(`${local}/api/jobs/${created.id}`)).json()
        if (final.state !== 'running') break
        await new Promise((r) => setTimeout(r, 20))
      }
      expect(final).toMatchObject({ state: 'cancelled', error: expect.stringMatching(/nothing was changed/) })
      const { rows } = await small.db.query<{ n: number }>(`SELECT (SELECT count(*) FROM onemap.layers WHERE id = $1) + (SELECT count(*) FROM pg_tables WHERE schemaname = 'data' AND (tablename = $1 OR tablename LIKE 'imp\\_%')) AS n`, [layer])
      expect(rows[0]!.n).toBe(0)
    } finally {
      await small.close()
    }
  })
})
