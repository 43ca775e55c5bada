import type { FastifyReply, FastifyRequest } from 'fastify'
import { BadRequestError } from '../errors/problem.js'

/** The two representations every OGC resource has. */
export type OgcFormat = 'json' | 'html'

/** The query string exactly as sent: raw segments (for links that keep the client's encoding) and decoded values. */
export interface RawQuery {
  segments: { key: string; raw: string }[]
  values: Map<string, string>
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '))
  } catch {
    throw new BadRequestError(`The query string contains a malformed percent-encoding near "${text.slice(0, 40)}".`)
  }
}

/**
 * Parse the query string ourselves (not through Fastify's parser) so that links can reproduce it
 * byte for byte and a parameter given twice with different values is refused instead of guessed.
 */
export function parseRawQuery(url: string): RawQuery {
  const query = url.includes('?') ? url.slice(url.indexOf('?') + 1) : ''
  const result: RawQuery = { segments: [], values: new Map() }
  for (const raw of query.split('&')) {
    if (!raw) continue
    const eq = raw.indexOf('=')
    const key = decode(eq < 0 ? raw : raw.slice(0, eq))
    const value = eq < 0 ? '' : decode(raw.slice(eq + 1))
    const previous = result.values.get(key)
    if (previous !== undefined && previous !== value) throw new BadRequestError(`The parameter "${key}" is given twice with different values; give it once.`)
    result.values.set(key, value)
    result.segments.push({ key, raw })
  }
  return result
}

const FORMAT_ALIASES: Record<string, OgcFormat> = {
  json: 'json',
  geojson: 'json',
  'application/json': 'json',
  'application/geo+json': 'json',
  html: 'html',
  'text/html': 'html',
}

/** Quality of each media range in an Accept header, e.g. text/html → 1, *\/* → 0.8. */
function acceptQualities(accept: string): { range: string; q: number }[] {
  return accept.split(',').map((part) => {
    const [range = '', ...params] = part.trim().toLowerCase().split(';')
    const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined)
    return { range: range.trim(), q: q === undefined ? 1 : Number(q) }
  })
}

function qualityOf(ranges: { range: string; q: number }[], format: OgcFormat): number {
  const matches = (r: string) => (format === 'html' ? r === 'text/html' || r === 'application/xhtml+xml' : r.endsWith('json'))
  const exact = ranges.filter((r) => matches(r.range)).map((r) => r.q)
  if (exact.length) return Math.max(...exact)
  const wildcard = ranges.filter((r) => r.range === '*/*' || r.range === (format === 'html' ? 'text/*' : 'application/*')).map((r) => r.q - 0.001)
  return wildcard.length ? Math.max(...wildcard) : 0
}

/**
 * Which representation to send: `?f=json|html` wins; otherwise the Accept header (a browser gets
 * HTML, GDAL/QGIS/curl get JSON, and JSON is the default).
 */
export function negotiateFormat(request: FastifyRequest, query: RawQuery): OgcFormat {
  const f = query.values.get('f')
  if (f !== undefined) {
    const format = FORMAT_ALIASES[f.toLowerCase()]
    if (!format) throw new BadRequestError(`Unsupported format f=${f}. Use f=json or f=html.`)
    return format
  }
  const accept = request.headers.accept
  if (!accept) return 'json'
  const ranges = acceptQualities(accept)
  return qualityOf(ranges, 'html') > qualityOf(ranges, 'json') ? 'html' : 'json'
}

/**
 * An AbortSignal that fires when the client goes away before the response is complete, so the
 * query behind it is cancelled instead of running on for nobody.
 */
export function clientGoneSignal(reply: FastifyReply): AbortSignal {
  const controller = new AbortController()
  reply.raw.on('close', () => {
    if (!reply.raw.writableFinished) controller.abort(new Error('client closed the connection'))
  })
  return controller.signal
}
