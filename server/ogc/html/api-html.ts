import type { Link } from '../links.js'
import { html, page } from './layout.js'
import { crumbsFor } from './pages.js'

interface Parameter {
  name?: string
  in?: string
  description?: string
  $ref?: string
}
interface Operation {
  summary?: string
  parameters?: Parameter[]
  responses?: Record<string, unknown>
}

function resolve(parameter: Parameter, shared: Record<string, Parameter>): Parameter {
  return parameter.$ref ? (shared[parameter.$ref.split('/').pop()!] ?? parameter) : parameter
}

function operationHtml(root: string, path: string, op: Operation, shared: Record<string, Parameter>): string {
  const params = (op.parameters ?? []).map((p) => resolve(p, shared))
  const rows = params.map((p) => html`<tr><td><code>${p.name}</code></td><td>${p.in}</td><td>${p.description ?? ''}</td></tr>`)
  const href = path.includes('{') ? '' : `${root}${path === '/' ? '' : path}`
  return html`<h3><code>GET ${path}</code></h3><p>${op.summary ?? ''}${href ? ' — ' : ''}${href ? { html: html`<a href="${href}">${href}</a>` } : ''}</p>
<table><thead><tr><th>Parameter</th><th>In</th><th>Description</th></tr></thead><tbody>${{ html: rows.join('') }}</tbody></table>
<p class="meta">Responses: ${Object.keys(op.responses ?? {}).join(', ')}</p>`
}

/** A readable rendering of the OpenAPI document: each path with its parameters and responses. */
export function apiHtml(root: string, doc: Record<string, unknown>, links: Link[]): string {
  const paths = doc.paths as Record<string, { get: Operation }>
  const shared = ((doc.components as { parameters: Record<string, Parameter> }).parameters) ?? {}
  const sections = Object.entries(paths).map(([path, item]) => operationHtml(root, path, item.get, shared))
  const intro = html`<p>${(doc.info as { description: string }).description}</p><p>The machine-readable document: <a href="${root}/api">${root}/api</a> (OpenAPI 3.0, JSON).</p>`
  return page('API 文档 API definition', crumbsFor(root, ['API', '']), links, intro + sections.join('\n'))
}
