import type { FastifyRequest } from 'fastify'
import type { Config } from '../config/config.js'
import type { OgcFormat, RawQuery } from './ogc-request.js'

/** An OGC API link object (RFC 8288 in JSON). */
export interface Link {
  href: string
  rel: string
  type: string
  title?: string
}

/** Media types of the representations this API serves. */
export const MEDIA = {
  json: 'application/json',
  geojson: 'application/geo+json',
  html: 'text/html',
  openapi: 'application/vnd.oai.openapi+json;version=3.0',
  schema: 'application/schema+json',
} as const

/** Where this API lives: PUBLIC_URL when set (behind a proxy), otherwise the host the client used. */
export function ogcRoot(request: FastifyRequest, config: Config): string {
  const base = config.PUBLIC_URL ? config.PUBLIC_URL.replace(/\/+$/, '') : `${request.protocol}://${request.host}`
  return `${base}/ogc`
}

/** A link object; `title` only when given. */
export function link(href: string, rel: string, type: string, title?: string): Link {
  return title === undefined ? { href, rel, type } : { href, rel, type, title }
}

/** `href` with `?f=…` appended. */
export function withFormat(href: string, format: OgcFormat): string {
  return `${href}${href.includes('?') ? '&' : '?'}f=${format}`
}

/** self (this format) and alternate (the other one) for a resource without other query parameters. */
export function selfAndAlternate(href: string, format: OgcFormat, jsonType: string = MEDIA.json, what = 'this document'): Link[] {
  const json = link(withFormat(href, 'json'), format === 'json' ? 'self' : 'alternate', jsonType, `${what} as JSON`)
  const html = link(withFormat(href, 'html'), format === 'html' ? 'self' : 'alternate', MEDIA.html, `${what} as HTML`)
  return format === 'json' ? [json, html] : [html, json]
}

/**
 * `href` carrying the client's query string, with the parameters in `replace` set (or removed when
 * undefined). The others keep their exact encoding, so a client that checks whether its own
 * parameters are already present finds them.
 */
export function withQuery(href: string, query: RawQuery, replace: Record<string, string | number | undefined>): string {
  const kept = query.segments.filter((s) => !(s.key in replace)).map((s) => s.raw)
  const added = Object.entries(replace).filter(([, v]) => v !== undefined).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
  const all = [...kept, ...added]
  return all.length ? `${href}?${all.join('&')}` : href
}

/** Links of one page of items: self, alternate, next/prev (offset-based, all other parameters kept), collection. */
export function itemsPageLinks(itemsHref: string, query: RawQuery, page: { format: OgcFormat; offset: number; limit: number; more: boolean }): Link[] {
  const at = (format: OgcFormat, offset: number) => withQuery(itemsHref, query, { f: format, offset: offset || undefined })
  const type = (format: OgcFormat) => (format === 'json' ? MEDIA.geojson : MEDIA.html)
  const other: OgcFormat = page.format === 'json' ? 'html' : 'json'
  const links = [
    link(at(page.format, page.offset), 'self', type(page.format), 'this page'),
    link(at(other, page.offset), 'alternate', type(other), `this page as ${other.toUpperCase()}`),
  ]
  if (page.more) links.push(link(at(page.format, page.offset + page.limit), 'next', type(page.format), 'next page'))
  if (page.offset > 0) links.push(link(at(page.format, Math.max(0, page.offset - page.limit)), 'prev', type(page.format), 'previous page'))
  links.push(link(withFormat(itemsHref.replace(/\/items$/, ''), 'json'), 'collection', MEDIA.json, 'the collection'))
  return links
}
