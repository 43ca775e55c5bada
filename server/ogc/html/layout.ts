import { SERVICE_TITLE } from '../documents.js'
import type { Link } from '../links.js'

/** Escape text for HTML element content and attribute values. Everything from data goes through it. */
export function esc(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

/** HTML that is already safe (built from escaped parts): `html` inserts it as is. */
export interface Raw {
  html: string
}
/** Mark trusted HTML (already built from escaped parts) so `html` inserts it as is. */
export const raw = (html: string): Raw => ({ html })

function isRaw(value: unknown): value is Raw {
  return typeof value === 'object' && value !== null && 'html' in value
}

function fragment(value: unknown): string {
  if (Array.isArray(value)) return value.map(fragment).join('')
  return isRaw(value) ? value.html : esc(value)
}

/** Build HTML from a template: every interpolated value is escaped unless it is `raw()`; arrays are joined. */
export function html(strings: TemplateStringsArray, ...values: unknown[]): string {
  return strings.reduce((out, s, i) => out + fragment(values[i - 1]) + s)
}

const STYLE = `
body{font-family:system-ui,"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;margin:0;color:#1f2933;background:#f7f9fb}
header{background:#12436e;color:#fff;padding:.7rem 1.5rem}header a{color:#fff;text-decoration:none;font-weight:600}
main{max-width:1200px;margin:0 auto;padding:1rem 1.5rem 3rem}nav.crumbs{font-size:.9rem;margin-bottom:.5rem}
table{border-collapse:collapse;background:#fff;margin:.5rem 0 1rem;font-size:.92rem}th,td{border:1px solid #d3dbe3;padding:.3rem .55rem;text-align:left;vertical-align:top}
th{background:#e8eef4}td.num{text-align:right;font-variant-numeric:tabular-nums}a{color:#0b5cad}code{background:#eef2f6;padding:0 .25rem}
.meta{color:#52606d;font-size:.9rem}.formats a{margin-right:.8rem}.paging a{margin-right:1rem}details{margin:.5rem 0}
`

/** Breadcrumb trail: [label, href] pairs, the last one is the current page. */
export type Crumbs = [string, string][]

function crumbsHtml(crumbs: Crumbs): string {
  return crumbs.map(([label, href], i) => (i === crumbs.length - 1 ? esc(label) : html`<a href="${href}">${label}</a>`)).join(' › ')
}

/** The top of every page, up to and including the opening of <main>. Streamed pages send it first. */
export function pageHead(title: string, crumbs: Crumbs, links: Link[]): string {
  const alternates = links.filter((l) => l.rel === 'alternate').map((l) => html`<a href="${l.href}">${l.type}</a>`)
  return html`<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} — OneMap OGC API</title><style>${raw(STYLE)}</style></head>
<body><header><a href="${crumbs[0]?.[1] ?? '#'}">${SERVICE_TITLE}</a></header><main>
<nav class="crumbs">${raw(crumbsHtml(crumbs))}</nav>
<h1>${title}</h1>
<p class="formats meta">Also as: ${raw(alternates.join(' '))}</p>
`
}

/** The end of every page. */
export function pageFoot(): string {
  return '</main></body></html>\n'
}

/** A whole page. */
export function page(title: string, crumbs: Crumbs, links: Link[], body: string): string {
  return pageHead(title, crumbs, links) + body + pageFoot()
}

/** A list of links with their titles and media types. */
export function linkList(links: Link[]): string {
  return `<ul>${links.map((l) => html`<li><a href="${l.href}">${l.title ?? l.rel}</a> <span class="meta">(${l.rel}, ${l.type})</span></li>`).join('')}</ul>`
}
