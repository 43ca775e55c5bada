import type { AttributeDef, LayerEntry } from '../../catalog/catalog.types.js'
import { allBatches, type PrefetchedCursor, type StreamSummary } from '../../features/index.js'
import { withFormat, type Link } from '../links.js'
import { esc, html, linkList, page, pageFoot, pageHead, raw } from './layout.js'
import { crumbsFor } from './pages.js'

/** A feature row as buildFeatureRowsQuery returns it. */
export interface FeatureRow {
  id: number
  properties: Record<string, unknown> | null
  geometry: string | null
}

function cell(value: unknown): string {
  if (value === null || value === undefined) return '<td class="meta">—</td>'
  if (typeof value === 'number') return `<td class="num">${esc(value)}</td>`
  return `<td>${esc(typeof value === 'object' ? JSON.stringify(value) : value)}</td>`
}

function header(attributes: AttributeDef[]): string {
  const names = attributes.map((a) => html`<th>${a.name}${a.title_zh ? raw(`<br><span class="meta">${esc(a.title_zh)}</span>`) : ''}</th>`)
  return `<table><thead><tr><th>id</th>${names.join('')}</tr></thead><tbody>\n`
}

function row(itemsHref: string, attributes: AttributeDef[], feature: FeatureRow): string {
  const cells = attributes.map((a) => cell(feature.properties?.[a.name]))
  return `<tr><td><a href="${esc(withFormat(`${itemsHref}/${feature.id}`, 'html'))}">${esc(feature.id)}</a></td>${cells.join('')}</tr>\n`
}

function crumbs(root: string, layer: LayerEntry, ...more: [string, string][]) {
  return crumbsFor(root, ['Collections', withFormat(`${root}/collections`, 'html')], [layer.title_zh, withFormat(`${root}/collections/${layer.id}`, 'html')], ...more)
}

/** What the streamed items page needs to know besides the rows. */
export interface ItemsHtmlPage {
  root: string
  layer: LayerEntry
  attributes: AttributeDef[]
  offset: number
  maxFeatures: number
  numberMatched?: number
  /** Links of the page, known only once the rows are out (whether there is a next page). */
  links: (summary: StreamSummary) => Link[]
  signal?: AbortSignal
}

/**
 * The HTML items page, streamed like the GeoJSON: the table rows go out batch by batch, and the
 * paging links, which depend on whether a further row exists, come after the table.
 */
export async function* itemsHtmlChunks(cursor: PrefetchedCursor<FeatureRow>, p: ItemsHtmlPage): AsyncGenerator<string> {
  const itemsHref = `${p.root}/collections/${p.layer.id}/items`
  const firstLinks = p.links({ returned: 0, more: false })
  yield pageHead(`${p.layer.title_zh}: 要素 Features`, crumbs(p.root, p.layer, ['Items', '']), firstLinks)
  yield html`<p class="meta">${p.numberMatched === undefined ? '' : `${p.numberMatched.toLocaleString('en')} matching; `}showing from #${p.offset + 1}</p>`
  yield header(p.attributes)
  const summary: StreamSummary = { returned: 0, more: false }
  for await (const batch of allBatches(cursor, p.signal)) {
    const rows = batch.slice(0, p.maxFeatures - summary.returned)
    summary.returned += rows.length
    yield rows.map((r) => row(itemsHref, p.attributes, r)).join('')
    if (batch.length > rows.length) {
      summary.more = true
      break
    }
  }
  const paging = p.links(summary).filter((l) => l.rel === 'prev' || l.rel === 'next')
  yield `</tbody></table><p class="paging">${paging.map((l) => html`<a href="${l.href}" rel="${l.rel}">${l.rel === 'next' ? '下一页 Next ›' : '‹ 上一页 Previous'}</a>`).join('')}</p>`
  yield html`<p class="meta">${summary.returned} features on this page.</p>` + pageFoot()
}

/** One feature: its properties as a table, geometry as GeoJSON text. */
export function featureHtml(root: string, layer: LayerEntry, attributes: AttributeDef[], feature: FeatureRow, links: Link[]): string {
  const rows = attributes.map((a) => `<tr><th>${esc(a.name)}${a.title_zh ? ` <span class="meta">${esc(a.title_zh)}</span>` : ''}</th>${cell(feature.properties?.[a.name])}</tr>`)
  const geometry = feature.geometry ?? 'null'
  const body = html`<table><tbody><tr><th>id</th><td>${feature.id}</td></tr>${raw(rows.join(''))}</tbody></table>
<details><summary>几何 Geometry (GeoJSON, ${geometry.length.toLocaleString('en')} characters)</summary><pre style="white-space:pre-wrap">${geometry.length > 20000 ? `${geometry.slice(0, 20000)} …` : geometry}</pre></details>
<h2>Links</h2>${raw(linkList(links))}`
  const title = `${layer.title_zh} #${feature.id}`
  return page(title, crumbs(root, layer, ['Items', withFormat(`${root}/collections/${layer.id}/items`, 'html')], [`#${feature.id}`, '']), links, body)
}
