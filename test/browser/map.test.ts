import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ensureWebBuilt } from '../../scripts/build-web.js'
import { openTestApp, type TestApp } from '../helpers/test-app.js'
import {
  baseUrlOf, CHROMIUM, hasChromium, launchChromium, openSession, outsideRequests, panelContents, renderedCounts, waitForMapIdle,
  type PageSession,
} from './map-page.js'

interface CatalogLayer { id: string; group: string; tier: string; minZoom: number; featureCount: number; title: { zh: string; en: string } }

if (!hasChromium) console.warn(`[browser test] ${CHROMIUM} does not exist: skipping the web client test (apt-get install chromium).`)

/** Groups the first screen shows in full; of the survey group, exactly one layer (the latest DLTB year). */
const ON_BY_DEFAULT = ['base', 'admin', 'control']
const TIER_ZH: Record<string, string> = { public: '公开', internal: '内部', confidential: '机密' }
const TILE_URL = /\/tiles\/[a-z0-9_]+\/\d+\/\d+\/\d+\.mvt$/

describe.skipIf(!hasChromium)('web client in headless Chromium', () => {
  let t: TestApp
  let browser: Browser
  let baseUrl: string
  let catalog: CatalogLayer[]
  const sessions: PageSession[] = []

  beforeAll(async () => {
    await ensureWebBuilt({ quiet: true })
    t = await openTestApp()
    await t.app.listen({ host: '127.0.0.1', port: 0 })
    baseUrl = baseUrlOf(t.app.server)
    catalog = (await t.app.inject('/api/layers')).json().layers
    browser = await launchChromium()
  })

  afterAll(async () => {
    for (const session of sessions) await session.context.close()
    await browser?.close()
    await t?.close()
  })

  async function open(locale: string): Promise<PageSession> {
    const session = await openSession(browser, locale)
    sessions.push(session)
    await session.page.goto(`${baseUrl}/`)
    await waitForMapIdle(session.page)
    return session
  }

  // One zh-CN page shared by the tests that leave the map as they found it (page loads are slow in software GL).
  let zh: Promise<PageSession> | undefined
  const zhPage = () => (zh ??= open('zh-CN'))

  it('has the demo region to show', () => {
    expect(catalog.map((l) => l.id)).toEqual(expect.arrayContaining(['xzq_xian', 'xzq_xiang', 'dltb_2024', 'base_roads', 'base_settlements', 'yjjbnt']))
  })

  it('shows a zh-CN browser the Chinese page: catalog panel by group, default layers drawn, nothing fetched from elsewhere', async () => {
    const { page, requests, pageErrors } = await zhPage()
    await page.screenshot({ path: '/tmp/onemap-zh.png' })
    expect(await page.title()).toBe('OneMap 国土空间一张图')
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN')
    const panel = await panelContents(page)
    expect(panel.layers.map((l) => l.id).sort()).toEqual(catalog.map((l) => l.id).sort())
    expect(panel.groups.map((g) => g.title)).toEqual(expect.arrayContaining(['行政区划', '国土调查', '管控边界', '基础地理']))
    for (const layer of catalog) {
      const row = panel.layers.find((r) => r.id === layer.id)!
      expect(row.title).toBe(layer.title.zh)
      expect(row.tier).toBe(TIER_ZH[layer.tier])
      if (layer.group !== 'survey') expect(row.checked, layer.id).toBe(ON_BY_DEFAULT.includes(layer.group))
    }
    const surveyChecked = panel.layers.filter((r) => r.checked && catalog.find((l) => l.id === r.id)?.group === 'survey')
    expect(surveyChecked.map((r) => r.id)).toEqual(['dltb_2024'])
    expect(panel.layers.find((r) => r.id === 'dltb_2024')?.legendItems).toBeGreaterThan(3)

    const zoom = await page.evaluate(() => window.onemapMap!.getZoom())
    const expected = catalog.filter((l) => panel.layers.find((r) => r.id === l.id)?.checked && l.featureCount > 0 && l.minZoom <= zoom).map((l) => l.id)
    expect(expected).toEqual(expect.arrayContaining(['dltb_2024', 'xzq_xian', 'base_roads']))
    const counts = await renderedCounts(page, expected)
    for (const id of expected) expect(counts[id], `features drawn for ${id}`).toBeGreaterThan(0)
    // Area names are placed once per area, not once per tile the area crosses.
    const names = await page.evaluate(() => window.onemapMap!.queryRenderedFeatures({ layers: ['xzq_xian--label'] }).map((f) => String(f.properties.XZQMC)))
    expect(names.length).toBeGreaterThan(0)
    expect(new Set(names).size).toBe(names.length)
    expect(panel.notices).toEqual([])

    // Tiles are fetched by MapLibre's worker: seeing them proves the recorder sees every request.
    expect(requests.some((url) => TILE_URL.test(url))).toBe(true)
    // A hidden layer costs no tile requests.
    expect(requests.filter((url) => url.includes('/tiles/dltb_2023/'))).toEqual([])
    expect(outsideRequests(requests)).toEqual([])
    expect(pageErrors).toEqual([])
  })

  it('shows an en-US browser the English page with the same layers', async () => {
    const { page, requests, pageErrors } = await open('en-US')
    await page.screenshot({ path: '/tmp/onemap-en.png' })
    expect(await page.getAttribute('html', 'lang')).toBe('en')
    const panel = await panelContents(page)
    expect(panel.layers.map((l) => l.title).sort()).toEqual(catalog.map((l) => l.title.en).sort())
    expect(panel.groups.map((g) => g.title)).toEqual(expect.arrayContaining(['Administrative divisions', 'Land survey', 'Control lines']))
    expect(await page.textContent('.om-status')).toMatch(/Lon.*Lat.*Zoom/)
    expect((await renderedCounts(page, ['dltb_2024']))['dltb_2024']).toBeGreaterThan(0)
    expect(outsideRequests(requests)).toEqual([])
    expect(pageErrors).toEqual([])
  })

  it('switches language with the 中文/EN button and remembers the choice after a reload', async () => {
    const { page } = await open('en-US')
    await page.click('button.om-language')
    expect(await page.textContent('.om-panel__subtitle')).toBe('示范区图层目录')
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN')
    await page.reload()
    await waitForMapIdle(page)
    expect(await page.textContent('.om-panel__subtitle')).toBe('示范区图层目录')
    expect(await page.textContent('button.om-language')).toBe('EN')
  })

  it('shows the cursor position with 6 decimals in the status bar', async () => {
    const { page } = await zhPage()
    await page.mouse.move(700, 400)
    const expected = await page.evaluate(() => window.onemapMap!.unproject([700, 400]))
    await page.waitForFunction(() => document.querySelector('[data-status="lon"]')?.textContent !== '—')
    expect(await page.textContent('[data-status="lon"]')).toBe(expected.lng.toFixed(6))
    expect(await page.textContent('[data-status="lat"]')).toBe(expected.lat.toFixed(6))
  })

  it('draws a layer the user switches on, and stops drawing it when switched off', async () => {
    const candidate = catalog.find((l) => l.id === 'wpjc_2024')!
    const { page, requests } = await zhPage()
    expect(requests.filter((url) => url.includes(`/tiles/${candidate.id}/`))).toEqual([])
    const checkbox = `input[data-action="toggle"][data-layer-id="${candidate.id}"]`
    expect((await renderedCounts(page, [candidate.id]))[candidate.id]).toBe(0)
    await page.check(checkbox)
    await waitForMapIdle(page)
    expect((await renderedCounts(page, [candidate.id]))[candidate.id]).toBeGreaterThan(0)
    expect((await panelContents(page)).layers.find((r) => r.id === candidate.id)?.legendItems).toBeGreaterThan(0)
    await page.uncheck(checkbox)
    await waitForMapIdle(page)
    expect((await renderedCounts(page, [candidate.id]))[candidate.id]).toBe(0)
  })

  it('changes a layer\'s opacity with its ◐ slider, relative to the catalog style', async () => {
    const dltb = (await t.app.inject('/api/layers/dltb_2024')).json()
    const { page } = await zhPage()
    await page.click('button[data-action="adjust"][data-layer-id="dltb_2024"]')
    await page.locator('input[data-action="opacity"][data-layer-id="dltb_2024"]').evaluate((input: HTMLInputElement) => {
      input.value = '50'
      input.dispatchEvent(new Event('input', { bubbles: true }))
    })
    expect(await page.textContent('li[data-layer-id="dltb_2024"] output')).toBe('50%')
    const opacity = await page.evaluate(() => window.onemapMap!.getPaintProperty('dltb_2024', 'fill-opacity'))
    expect(opacity).toBeCloseTo(dltb.style.paint['fill-opacity'] * 0.5, 10)
  })

  it('explains a failed catalog request and recovers with 重试', async () => {
    const session = await openSession(browser, 'zh-CN')
    sessions.push(session)
    const { page } = session
    const detail = 'The database is restarting. Try again in a minute.'
    await page.route('**/api/layers', (route) => route.fulfill({
      status: 503, contentType: 'application/problem+json', body: JSON.stringify({ title: 'Service Unavailable', status: 503, detail }),
    }))
    await page.goto(`${baseUrl}/`)
    await page.waitForFunction(() => document.getElementById('map')?.dataset.state === 'error')
    await page.screenshot({ path: '/tmp/onemap-catalog-error.png' })
    expect(await page.textContent('.om-panel__status')).toContain(`无法加载图层目录：HTTP 503 — ${detail}`)
    await page.unroute('**/api/layers')
    await page.click('button[data-action="retry"]')
    await waitForMapIdle(page)
    expect((await panelContents(page)).layers).toHaveLength(catalog.length)
  })

  it('names the layers whose tiles fail, instead of showing an empty map', async () => {
    const session = await openSession(browser, 'zh-CN')
    sessions.push(session)
    const { page } = session
    await page.route(TILE_URL, (route) => route.fulfill({ status: 500, contentType: 'application/problem+json', body: '{"title":"Internal Server Error","status":500}' }))
    await page.goto(`${baseUrl}/`)
    await waitForMapIdle(page)
    await page.screenshot({ path: '/tmp/onemap-tiles-error.png' })
    const notices = (await panelContents(page)).notices.join(' ')
    expect(notices).toContain('以下图层的矢量瓦片无法加载')
    expect(notices).toContain('地类图斑（2024年度）')
    expect(notices).toContain('HTTP 500')
  })
})
