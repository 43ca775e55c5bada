// The import dialog of the web client, driven in headless Chromium against the real server and
// database: real files (a GBK shapefile made with ogr2ogr, the Ningxia corpus with an HTML .prj),
// real uploads, real jobs. Plus the form's pure checks, run in Node.
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { FeatureCollection } from 'geojson'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ensureWebBuilt } from '../../scripts/build-web.js'
import { checkFile, checkLayerId, checkSrs, checkYear, fieldsNamedIn, LAYER_ID_PATTERN, normaliseSrs, REASONS, suggestLayerId } from '../../web/src/import-rules.js'
import { MESSAGES } from '../../web/src/messages.js'
import { openTestApp, type TestApp } from '../helpers/test-app.js'
import { uniqueLayerId } from '../helpers/test-db.js'
import { corpus, tempDir, writeShapefile, zipOf } from '../import-helpers.js'
import { baseUrlOf, CHROMIUM, hasChromium, launchChromium, openSession, outsideRequests, panelContents, renderedCounts, waitForMapIdle, type PageSession } from './map-page.js'

if (!hasChromium) console.warn(`[browser test] ${CHROMIUM} does not exist: skipping the import dialog test (apt-get install chromium).`)

describe('import form checks (pure, in Node)', () => {
  it('accepts layer ids exactly as the server does', () => {
    const existing = new Set(['dltb_2024'])
    expect(LAYER_ID_PATTERN.source).toBe('^[a-z][a-z0-9_]{0,62}$')
    expect(checkLayerId('parcels_2024', 'create', existing)).toEqual({ valid: true })
    expect(checkLayerId('a'.repeat(64), 'create', existing)).toEqual({ valid: false, reason: REASONS.layerPattern })
    for (const bad of ['Bad Id', '2024_dltb', '_x', 'dltb-2024', '地类']) expect(checkLayerId(bad, 'create', existing)).toEqual({ valid: false, reason: REASONS.layerPattern })
    expect(checkLayerId('', 'create', existing)).toEqual({ valid: false, reason: REASONS.layerMissing })
    expect(checkLayerId('dltb_2024', 'create', existing)).toEqual({ valid: false, reason: REASONS.layerExists })
    expect(checkLayerId('dltb_2024', 'replace', existing)).toEqual({ valid: true })
    expect(checkLayerId('nothing_here', 'append', existing)).toEqual({ valid: false, reason: REASONS.layerUnknown })
  })

  it('names what is wrong with a file, a year or a CRS', () => {
    expect(checkFile(undefined)).toEqual({ valid: false, reason: REASONS.fileMissing })
    expect(checkFile('xzq.shp')).toEqual({ valid: false, reason: REASONS.fileLoneShp })
    expect(checkFile('table.xlsx')).toEqual({ valid: false, reason: REASONS.fileType })
    for (const ok of ['a.zip', 'A.GEOJSON', 'b.json', 'c.geojsonl', 'd.geojsons', 'e.gpkg']) expect(checkFile(ok)).toEqual({ valid: true })
    expect(checkYear('')).toEqual({ valid: true })
    expect(checkYear('24')).toEqual({ valid: false, reason: REASONS.year })
    expect(normaliseSrs(' 4523 ')).toBe('EPSG:4523')
    for (const ok of ['', '4523', 'EPSG:4490', 'CRS84', 'http://www.opengis.net/def/crs/EPSG/0/4490']) expect(checkSrs(ok)).toEqual({ valid: true })
    expect(checkSrs('CGCS2000 zone 35')).toEqual({ valid: false, reason: REASONS.srs })
  })

  it('finds the form fields a server message names by their CLI flags or API fields', () => {
    expect(fieldsNamedIn('xzq.shp has no usable coordinate system (no readable .prj). … pass --srs EPSG:4523, or add the .prj')).toEqual(['srs'])
    expect(fieldsNamedIn('a.zip holds 2 shapefiles (a.shp, b.shp): choose one with --entry NAME (API: the "entry" field).')).toEqual(['entry'])
    expect(fieldsNamedIn('A layer "x" already exists. Import with mode replace (CLI --replace) …, or choose another layer id.')).toEqual(['layer', 'mode'])
    expect(fieldsNamedIn('The file is not valid JSON.')).toEqual([])
  })

  it('suggests a layer id from the file name only when one is usable', () => {
    expect(suggestLayerId('XZQ 2024.zip')).toBe('xzq_2024')
    expect(suggestLayerId('2024-dltb.geojson')).toBe('dltb')
    expect(suggestLayerId('宁夏区县.zip')).toBe('')
  })

  it('has every message, reasons included, in both languages', () => {
    expect(Object.keys(MESSAGES.en).sort()).toEqual(Object.keys(MESSAGES.zh).sort())
    for (const reason of Object.values(REASONS)) expect(MESSAGES.zh[reason]).toBeTruthy()
  })
})

/** Four parcels in the demo region, one of them a bow-tie (self-intersecting), with Chinese names. */
function parcels(): FeatureCollection {
  const square = (x: number, y: number, d: number) => [[[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]]]
  const feature = (name: string, coordinates: number[][][]) => ({ type: 'Feature' as const, properties: { MC: name, BH: name.length }, geometry: { type: 'Polygon' as const, coordinates } })
  return {
    type: 'FeatureCollection',
    features: [
      feature('试验地块一', square(106.20, 38.40, 0.02)),
      feature('试验地块二', square(106.24, 38.40, 0.02)),
      feature('试验地块三', square(106.20, 38.44, 0.02)),
      feature('蝴蝶形地块', [[[106.24, 38.44], [106.26, 38.46], [106.26, 38.44], [106.24, 38.46], [106.24, 38.44]]]),
    ],
  }
}

/** `n` small squares as GeoJSON text sequences (one feature a line). */
function squares(n: number): Buffer {
  const lines = Array.from({ length: n }, (_, i) => {
    const x = 106 + (i % 200) * 0.002, y = 38.2 + Math.floor(i / 200) * 0.002
    return JSON.stringify({ type: 'Feature', properties: { n: i }, geometry: { type: 'Polygon', coordinates: [[[x, y], [x + 0.001, y], [x + 0.001, y + 0.001], [x, y + 0.001], [x, y]]] } })
  })
  return Buffer.from(lines.join('\n') + '\n')
}

const XZQ = corpus('derived-ningxia-gbk-cgcs2000/gbk_nocpg_epsg4523/xzq_4523')

describe.skipIf(!hasChromium)('import dialog in headless Chromium', () => {
  const tmp = tempDir()
  let t: TestApp
  let browser: Browser
  let baseUrl: string
  let session: PageSession
  let page: Page
  const files = { parcels: '', htmlPrj: '', many: '' }

  beforeAll(async () => {
    await ensureWebBuilt({ quiet: true })
    // Small batches, so a large file takes long enough to be watched and cancelled.
    t = await openTestApp({ IMPORT_BATCH_SIZE: 5, JOB_POLL_MS: 50, ONEMAP_DATA_DIR: join(tmp.dir, 'data') })
    await t.app.listen({ host: '127.0.0.1', port: 0 })
    baseUrl = baseUrlOf(t.app.server)
    const shp = (await writeShapefile(tmp.dir, 'parcels', parcels(), { sSrs: 'EPSG:4490', tSrs: 'EPSG:4523', encoding: 'CP936' })).replace(/\.shp$/, '')
    files.parcels = await zipOf(join(tmp.dir, 'parcels.zip'), ['shp', 'shx', 'dbf', 'prj'].map((e) => ({ name: `parcels.${e}`, data: `${shp}.${e}` })))
    files.htmlPrj = await zipOf(join(tmp.dir, 'xzq_htmlprj.zip'), [
      ...['shp', 'shx', 'dbf'].map((e) => ({ name: `xzq.${e}`, data: `${XZQ}.${e}` })),
      { name: 'xzq.prj', data: corpus('shapefile-js-testdata/htmlprj.prj') },
    ])
    files.many = join(tmp.dir, 'many_squares.geojsonl')
    writeFileSync(files.many, squares(20_000))
    browser = await launchChromium()
    session = await openSession(browser, 'zh-CN')
    page = session.page
    await page.goto(`${baseUrl}/`)
    await waitForMapIdle(page)
  })

  afterAll(async () => {
    await session?.context.close()
    await browser?.close()
    await t?.close()
    tmp.cleanup()
  })

  const dialog = 'dialog.om-import'
  const phase = () => page.getAttribute(dialog, 'data-phase')
  const reportRow = (key: string) => page.textContent(`${dialog} [data-report="${key}"] dd`)

  async function openDialog(): Promise<void> {
    await page.click('.om-panel button[data-action="import"]')
    await page.waitForSelector(`${dialog}[open][data-phase="form"]`)
  }

  async function fill(file: string, layer: string, fields: Record<string, string> = {}): Promise<void> {
    await page.setInputFiles(`${dialog} input[name="file"]`, file)
    await page.fill(`${dialog} input[name="layer"]`, layer)
    for (const [name, value] of Object.entries(fields)) {
      const selector = `${dialog} [name="${name}"]`
      if (await page.$eval(selector, (e) => e.tagName === 'SELECT')) await page.selectOption(selector, value)
      else await page.fill(selector, value)
    }
  }

  async function jobOf(): Promise<{ state: string; result: { features: { written: number; repaired: number }; crs: { srid: number; source: string }; encoding: { name: string } | null; issues: { code: string; message: string }[] } }> {
    const id = await page.getAttribute(dialog, 'data-job-id')
    return (await t.app.inject(`/api/jobs/${id}`)).json()
  }

  it('imports a zipped GBK shapefile: progress, the report, the layer in the panel and drawn on the map', async () => {
    const layer = uniqueLayerId('ui_parcels')
    await openDialog()
    await page.setInputFiles(`${dialog} input[name="file"]`, files.parcels)
    // The layer id is suggested from the file name.
    expect(await page.inputValue(`${dialog} input[name="layer"]`)).toBe('parcels')
    await fill(files.parcels, layer, { title: '试验地块', titleEn: 'Test parcels', kind: 'thematic', tier: 'public', year: '2024' })
    await page.screenshot({ path: '/tmp/onemap-import-form.png' })
    await page.click(`${dialog} button[data-action="submit"]`)
    await page.waitForSelector(`${dialog}[data-phase="running"]`)
    await page.waitForSelector(`${dialog}[data-phase="succeeded"]`, { timeout: 60_000 })
    await page.screenshot({ path: '/tmp/onemap-import-report.png' })

    const job = await jobOf()
    expect(job.state).toBe('succeeded')
    expect(job.result.features).toMatchObject({ written: 4, repaired: 1 })
    expect(await page.textContent(`${dialog} .om-import__success`)).toBe(`导入完成：图层“试验地块”（${layer}）`)
    expect(await reportRow('features')).toContain('写入 4 个')
    const repair = job.result.issues.find((i) => i.code === 'invalid_geometry_repaired')!
    expect(repair.message).toMatch(/Self-intersection/)
    expect(await reportRow('repaired')).toContain(repair.message)
    expect(await reportRow('qa')).toContain('未检查')
    expect(job.result.crs).toMatchObject({ srid: 4523, source: 'prj' })
    expect(await reportRow('crs')).toContain('EPSG:4523（来自.prj 文件）→ 存为 EPSG:4490')
    expect(job.result.encoding?.name).toMatch(/^(gbk|gb18030|cp936)$/)
    expect(await reportRow('encoding')).toContain(job.result.encoding!.name.toUpperCase())

    // The panel was reloaded: the new layer is there, switched on, in the group for imported layers.
    const row = (await panelContents(page)).layers.find((l) => l.id === layer)
    expect(row).toMatchObject({ title: '试验地块', tier: '公开', checked: true })
    expect(await page.textContent(`.om-group[data-group="other"] .om-group__title`)).toContain('其他')

    await page.click(`${dialog} button[data-action="zoom"]`)
    expect(await page.$eval(dialog, (d: HTMLDialogElement) => d.open)).toBe(false)
    await waitForMapIdle(page)
    await page.screenshot({ path: '/tmp/onemap-import-map.png' })
    const drawn = await page.evaluate((id) => window.onemapMap!.queryRenderedFeatures({ layers: [id] }).map((f) => String(f.properties.MC)), layer)
    expect(new Set(drawn)).toEqual(new Set(parcels().features.map((f) => f.properties!.MC)))
    // Layers that were on before the import are still on.
    expect((await renderedCounts(page, ['dltb_2024']))['dltb_2024']).toBeGreaterThan(0)
    expect(outsideRequests(session.requests)).toEqual([])
    expect(session.pageErrors).toEqual([])
  }, 180_000)

  it('shows the server\'s reason for a .prj holding an HTML page, and imports the file once the CRS is given', async () => {
    const layer = uniqueLayerId('ui_xzq')
    // What the API itself says about this file: the dialog must show the same words.
    const form = new FormData()
    form.set('layer', uniqueLayerId('ui_probe'))
    form.set('file', new Blob([new Uint8Array(readFileSync(files.htmlPrj))]), 'xzq_htmlprj.zip')
    const direct = await fetch(`${baseUrl}/api/imports`, { method: 'POST', body: form })
    expect(direct.status).toBe(422)
    const detail = ((await direct.json()) as { detail: string }).detail
    expect(detail).toMatch(/coordinate system/)

    await openDialog()
    await fill(files.htmlPrj, layer, { title: '宁夏区县' })
    await page.click(`${dialog} button[data-action="submit"]`)
    await page.waitForSelector(`${dialog} .om-import__outcome--error`, { timeout: 60_000 })
    await page.screenshot({ path: '/tmp/onemap-import-refused.png' })
    expect(await phase()).toBe('form')
    expect(await page.textContent(`${dialog} .om-import__outcome-heading`)).toBe('未能导入')
    expect(await page.textContent(`${dialog} .om-import__detail`)).toBe(detail)
    expect(await page.textContent(`${dialog} .om-import__outcome`)).not.toMatch(/HTTP|Error \d|422|\n\s+at /)
    // The form kept what was entered, so the person only adds what the message asks for.
    expect(await page.inputValue(`${dialog} input[name="layer"]`)).toBe(layer)
    // The message speaks of --srs; the dialog opens the advanced options and marks the field that takes it.
    expect(await page.$eval(`${dialog} details`, (d: HTMLDetailsElement) => d.open)).toBe(true)
    expect(await page.$$eval(`${dialog} .om-field--pointed`, (fields) => fields.map((f) => (f as HTMLElement).dataset.field))).toEqual(['srs'])
    expect(await page.textContent(`${dialog} .om-import__outcome .om-import__hint`)).toContain('“坐标系（EPSG 代码）”')
    await page.fill(`${dialog} input[name="srs"]`, '4523')
    await page.click(`${dialog} button[data-action="submit"]`)
    await page.waitForSelector(`${dialog}[data-phase="succeeded"]`, { timeout: 60_000 })
    const job = await jobOf()
    expect(job.result.crs).toMatchObject({ srid: 4523, source: 'option' })
    expect(await reportRow('crs')).toContain('EPSG:4523（来自导入时的指定）')
    expect(await reportRow('features')).toContain(`写入 ${job.result.features.written} 个`)
    expect(job.result.features.written).toBe(22)
    expect((await panelContents(page)).layers.find((l) => l.id === layer)?.title).toBe('宁夏区县')
    await page.click(`${dialog} button[data-action="close"]`)
  }, 180_000)

  it('says beside the field what is wrong with a layer id, before anything is uploaded; the dialog follows the language', async () => {
    const posted = () => session.requests.filter((url) => url.endsWith('/api/imports')).length
    const before = posted()
    await openDialog()
    await fill(files.parcels, 'Bad Id')
    await page.click(`${dialog} button[data-action="submit"]`)
    const error = `${dialog} [data-field="layer"] .om-field__error`
    expect(await page.textContent(error)).toBe(MESSAGES.zh['import.reason.layerPattern'])
    await page.fill(`${dialog} input[name="layer"]`, 'dltb_2024')
    expect(await page.textContent(error)).toBe(MESSAGES.zh['import.reason.layerExists'])
    await page.check(`${dialog} input[name="mode"][value="replace"]`)
    expect(await page.isHidden(error)).toBe(true)
    await page.check(`${dialog} input[name="mode"][value="create"]`)
    await page.click(`${dialog} button[data-action="submit"]`)
    expect(await page.textContent(error)).toBe(MESSAGES.zh['import.reason.layerExists'])
    await page.screenshot({ path: '/tmp/onemap-import-invalid.png' })
    expect(posted()).toBe(before)
    expect(await page.getAttribute(`${dialog} input[name="layer"]`, 'aria-invalid')).toBe('true')

    await page.keyboard.press('Escape')
    await page.click('button.om-language')
    await openDialog()
    expect(await page.textContent(`${dialog} .om-dialog__title`)).toBe('Import data')
    expect(await page.textContent(error)).toBe(MESSAGES.en['import.reason.layerExists'])
    await page.screenshot({ path: '/tmp/onemap-import-en.png' })
    await page.keyboard.press('Escape')
    await page.click('button.om-language')
  }, 120_000)

  it('shows the upload\'s progress and stops it with 停止上传; nothing is imported', async () => {
    const layer = uniqueLayerId('ui_upload')
    // A slow line (256 KiB/s up), so the 4 MB upload is seen under way.
    const cdp = await session.context.newCDPSession(page)
    await cdp.send('Network.enable')
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 256 * 1024 })
    try {
      await openDialog()
      await fill(files.many, layer)
      await page.click(`${dialog} button[data-action="submit"]`)
      const progress = `${dialog} [data-phase="uploading"] progress`
      await page.waitForFunction((sel) => {
        const bar = document.querySelector<HTMLProgressElement>(sel)
        return bar !== null && bar.value > 0 && bar.value < 100
      }, progress, { timeout: 60_000, polling: 100 })
      await page.screenshot({ path: '/tmp/onemap-import-upload.png' })
      expect(await page.textContent(`${dialog} .om-import__heading`)).toBe('正在上传 many_squares.geojsonl')
      expect(await page.textContent(`${dialog} .om-import__numbers`)).toMatch(/^[\d.]+ (KB|MB) \/ [\d.]+ MB（\d+%）$/)
      await page.click(`${dialog} button[data-action="stop-upload"]`)
      await page.waitForSelector(`${dialog} .om-import__outcome--info`)
      expect(await page.textContent(`${dialog} .om-import__outcome`)).toBe('上传已停止，没有导入任何数据。')
    } finally {
      await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 })
      await cdp.detach()
    }
    const jobs = (await t.app.inject('/api/jobs?kind=import&limit=500')).json().jobs as { params: { layer?: string } }[]
    expect(jobs.filter((j) => j.params.layer === layer)).toEqual([])
    await page.click(`${dialog} button[data-action="close"]`)
  }, 120_000)

  it('goes on when the dialog is closed, and says in a notice how the import ended', async () => {
    const layer = uniqueLayerId('ui_closed')
    await openDialog()
    await fill(files.parcels, layer, { title: '关窗后导入' })
    await page.click(`${dialog} button[data-action="submit"]`)
    await page.click(`${dialog} button[data-action="close"]`)
    const notice = await page.waitForSelector('.om-notice[data-notice="import"]', { timeout: 60_000 })
    await page.screenshot({ path: '/tmp/onemap-import-notice.png' })
    expect(await notice.textContent()).toContain('图层“关窗后导入”已导入（4 个要素）。')
    expect((await panelContents(page)).layers.find((l) => l.id === layer)?.checked).toBe(true)
    await page.click('.om-notice[data-notice="import"] [data-dismiss]')
  }, 120_000)

  it('shows features read/written and percent while a large import runs, and cancels it; nothing is changed', async () => {
    const layer = uniqueLayerId('ui_cancel')
    await openDialog()
    await fill(files.many, layer)
    await page.click(`${dialog} button[data-action="submit"]`)
    const numbers = `${dialog} .om-import__numbers[data-written]`
    await page.waitForFunction((sel) => Number(document.querySelector<HTMLElement>(sel)?.dataset.written || 0) > 0, numbers, { timeout: 120_000, polling: 100 })
    await page.screenshot({ path: '/tmp/onemap-import-progress.png' })
    const shown = await page.evaluate((sel) => {
      const n = document.querySelector<HTMLElement>(sel)!
      const bar = document.querySelector<HTMLProgressElement>('dialog.om-import progress')!
      return { read: Number(n.dataset.read), written: Number(n.dataset.written), text: n.textContent, percent: bar.value, label: document.querySelector('.om-import__percent')!.textContent }
    }, numbers)
    expect(shown.text).toContain('共 20,000 个要素')
    expect(shown.read).toBeGreaterThanOrEqual(shown.written)
    expect(shown.percent).toBe(Math.floor((100 * shown.written) / 20_000))
    expect(shown.label).toBe(`${shown.percent}%`)
    expect(await page.textContent(`${dialog} .om-import__stage span`)).toBe('读取并写入要素')

    await page.click(`${dialog} button[data-action="cancel-job"]`)
    await page.waitForSelector(`${dialog} .om-import__outcome--info`, { timeout: 60_000 })
    await page.screenshot({ path: '/tmp/onemap-import-cancelled.png' })
    expect(await page.textContent(`${dialog} .om-import__outcome`)).toBe('导入已取消，数据未作任何更改。')
    expect((await t.app.inject(`/api/layers/${layer}`)).statusCode).toBe(404)
    expect((await panelContents(page)).layers.some((l) => l.id === layer)).toBe(false)
    expect(session.pageErrors).toEqual([])
  }, 180_000)
})
