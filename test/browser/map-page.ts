/** Helpers for driving the OneMap page in headless Chromium (playwright-core + Debian's chromium). */
import { existsSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'

export const CHROMIUM = '/usr/bin/chromium'
export const hasChromium = existsSync(CHROMIUM)

const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--no-first-run', '--disable-sync',
  // Belt and braces: no host name resolves, so even a stray request could not leave the machine.
  // The test still sees (and fails on) any such request, because it records every one.
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
]

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS })
}

/** The base URL of a Fastify app listening on 127.0.0.1. */
export function baseUrlOf(server: { address(): AddressInfo | string | null }): string {
  const address = server.address() as AddressInfo
  return `http://127.0.0.1:${address.port}`
}

/** One browser context with everything it requested and every uncaught page error. */
export interface PageSession {
  context: BrowserContext
  page: Page
  requests: string[]
  pageErrors: string[]
}

export async function openSession(browser: Browser, locale: string): Promise<PageSession> {
  const context = await browser.newContext({ locale, viewport: { width: 1280, height: 800 } })
  const requests: string[] = []
  context.on('request', (request) => requests.push(request.url()))
  const page = await context.newPage()
  const pageErrors: string[] = []
  page.on('pageerror', (error) => pageErrors.push(error.message))
  return { context, page, requests, pageErrors }
}

/** Requests that went anywhere but 127.0.0.1 (data: and blob: URLs stay inside the page). */
export function outsideRequests(requests: string[]): string[] {
  return requests.filter((url) => {
    const parsed = new URL(url)
    if (parsed.protocol === 'data:') return false
    if (parsed.protocol === 'blob:') return new URL(parsed.pathname).hostname !== '127.0.0.1'
    return parsed.hostname !== '127.0.0.1'
  })
}

/**
 * Waits until the page has left its loading state and the map is at rest with everything drawn:
 * tiles, labels and fades (the page sets data-map-idle on #map from MapLibre's 'idle' event).
 */
export async function waitForMapIdle(page: Page): Promise<void> {
  await page.waitForFunction(() => document.getElementById('map')?.dataset.state !== 'loading', undefined, { timeout: 60_000 })
  await page.waitForFunction(() => {
    const map = window.onemapMap
    return document.getElementById('map')?.dataset.mapIdle === 'true' && map !== undefined && map.areTilesLoaded() && !map.isMoving()
  }, undefined, { timeout: 60_000, polling: 250 })
}

/** How many features the map has drawn for each of `layerIds` (layers missing from the style count -1). */
export function renderedCounts(page: Page, layerIds: string[]): Promise<Record<string, number>> {
  return page.evaluate((ids) => {
    const map = window.onemapMap!
    return Object.fromEntries(ids.map((id) => [id, map.getLayer(id) ? map.queryRenderedFeatures({ layers: [id] }).length : -1]))
  }, layerIds)
}

/** The layer panel as a person sees it: group headings and, per layer, its title, tier badge and checkbox. */
export function panelContents(page: Page) {
  return page.evaluate(() => ({
    groups: [...document.querySelectorAll<HTMLElement>('.om-group')].map((g) => ({
      id: g.dataset.group ?? '',
      title: g.querySelector('.om-group__title span:nth-child(2)')?.textContent ?? '',
    })),
    layers: [...document.querySelectorAll<HTMLElement>('.om-layer')].map((row) => ({
      id: row.dataset.layerId ?? '',
      title: row.querySelector('.om-layer__title')?.textContent ?? '',
      tier: row.querySelector('.om-tier')?.textContent ?? '',
      checked: row.querySelector<HTMLInputElement>('input[type=checkbox]')?.checked ?? false,
      legendItems: row.querySelectorAll('.om-legend li').length,
    })),
    status: document.querySelector('.om-panel__status')?.textContent ?? '',
    notices: [...document.querySelectorAll('.om-notice__text')].map((n) => n.textContent ?? ''),
  }))
}
