import type { LayerEntry } from '../../catalog/catalog.types.js'
import type { collectionDocument, collectionsDocument, conformanceDocument, landingPage } from '../documents.js'
import { withFormat } from '../links.js'
import { esc, html, linkList, page, raw, type Crumbs } from './layout.js'

type Landing = ReturnType<typeof landingPage>
type Conformance = ReturnType<typeof conformanceDocument>
type Collection = ReturnType<typeof collectionDocument>
type Collections = ReturnType<typeof collectionsDocument>

/** Breadcrumbs from the landing page down to a collection (and further levels). */
export function crumbsFor(root: string, ...levels: [string, string][]): Crumbs {
  return [['首页 Home', withFormat(root, 'html')], ...levels]
}

/** The landing page for a browser. */
export function landingHtml(root: string, doc: Landing): string {
  const body = html`<p>${doc.description}</p>
<ul>
<li><a href="${withFormat(`${root}/collections`, 'html')}">图层目录 Collections</a> — the layers, their extents and features</li>
<li><a href="${withFormat(`${root}/api`, 'html')}">API 文档 API documentation</a> (<a href="${root}/api">OpenAPI 3.0 JSON</a>)</li>
<li><a href="${withFormat(`${root}/conformance`, 'html')}">符合性 Conformance classes</a></li>
</ul><h2>Links</h2>${raw(linkList(doc.links))}`
  return page(doc.title, crumbsFor(root), doc.links, body)
}

/** The conformance classes as a list. */
export function conformanceHtml(root: string, doc: Conformance): string {
  const body = `<ul>${doc.conformsTo.map((c) => html`<li><code>${c}</code></li>`).join('')}</ul>`
  return page('符合性 Conformance', crumbsFor(root, ['Conformance', '']), doc.links, body)
}

function extentText(collection: Collection): string {
  const spatial = (collection.extent as { spatial?: { bbox: number[][] } }).spatial
  const temporal = (collection.extent as { temporal?: { interval: (string | null)[][] } }).temporal
  const box = spatial ? spatial.bbox[0]!.map((v) => v.toFixed(5)).join(', ') : '(empty)'
  const time = temporal ? temporal.interval[0]!.map((v) => v ?? '..').join(' / ') : ''
  return time ? `${box}; ${time}` : box
}

/** The collections as a table: title, description, geometry, feature count, link to the features. */
export function collectionsHtml(root: string, doc: Collections, layers: LayerEntry[]): string {
  const byId = new Map(layers.map((l) => [l.id, l]))
  const rows = doc.collections.map((c) => {
    const layer = byId.get(c.id)
    return html`<tr><td><a href="${withFormat(`${root}/collections/${c.id}`, 'html')}">${c.title}</a><br><span class="meta">${c.id}</span></td>
<td>${c.description}</td><td>${layer?.geometry_type}</td><td class="num">${layer?.feature_count.toLocaleString('en')}</td>
<td><a href="${withFormat(`${root}/collections/${c.id}/items`, 'html')}">要素 features</a></td></tr>`
  })
  const body = `<table><thead><tr><th>图层 Layer</th><th>说明 Description</th><th>几何 Geometry</th><th>要素数 Features</th><th></th></tr></thead>
<tbody>${rows.join('\n')}</tbody></table>`
  return page('图层目录 Collections', crumbsFor(root, ['Collections', '']), doc.links, body)
}

/** One collection: its metadata, extent, CRS list and links. */
export function collectionHtml(root: string, doc: Collection, layer: LayerEntry): string {
  const items = withFormat(`${root}/collections/${doc.id}/items`, 'html')
  const body = html`<p>${doc.description}</p>
<table><tbody>
<tr><th>标识 id</th><td><code>${doc.id}</code></td></tr>
<tr><th>几何类型 Geometry</th><td>${layer.geometry_type}</td></tr>
<tr><th>要素数 Features</th><td>${layer.feature_count.toLocaleString('en')}</td></tr>
<tr><th>范围 Extent (CRS84)</th><td>${extentText(doc)}</td></tr>
<tr><th>存储坐标系 Storage CRS</th><td><code>${doc.storageCrs}</code></td></tr>
<tr><th>时间字段 Time field</th><td>${layer.time_field ?? '—'}</td></tr>
</tbody></table>
<p><a href="${items}">浏览要素 Browse the features</a> · <a href="${withFormat(`${root}/collections/${doc.id}/queryables`, 'html')}">可查询属性 Queryables</a></p>
<details><summary>输出坐标系 Output CRS (${doc.crs.length})</summary><ul>${raw(doc.crs.map((c) => `<li><code>${esc(c)}</code></li>`).join(''))}</ul></details>
<h2>Links</h2>${raw(linkList(doc.links))}`
  return page(doc.title, crumbsFor(root, ['Collections', withFormat(`${root}/collections`, 'html')], [doc.title, '']), doc.links, body)
}

/** The queryables as a table of names, titles and types. */
export function queryablesHtml(root: string, layer: LayerEntry, doc: Record<string, unknown>, links: Parameters<typeof page>[2]): string {
  const properties = doc.properties as Record<string, Record<string, unknown>>
  const rows = Object.entries(properties).map(([name, s]) => html`<tr><td><code>${name}</code></td><td>${s.title ?? ''}</td><td>${s.type ?? ''}${s.format ? ` (${String(s.format)})` : ''}</td><td>${s['x-ogc-role'] ?? ''}</td></tr>`)
  const body = `<p class="meta">Use these names in <code>filter</code> (CQL2), <code>sortby</code>, <code>properties</code> and as <code>?NAME=value</code>.</p>
<table><thead><tr><th>名称 Name</th><th>标题 Title</th><th>类型 Type</th><th>Role</th></tr></thead><tbody>${rows.join('\n')}</tbody></table>`
  const crumbs = crumbsFor(root, ['Collections', withFormat(`${root}/collections`, 'html')], [layer.title_zh, withFormat(`${root}/collections/${layer.id}`, 'html')], ['Queryables', ''])
  return page(`${layer.title_zh}: 可查询属性 Queryables`, crumbs, links, body)
}
