import { LAYER_KINDS, TIERS, type LayerKind, type Tier } from '../catalog/catalog.types.js'
import { validateLayerId } from '../catalog/layer-table.js'
import { parseCrs } from '../crs/crs.js'
import { BadRequestError } from '../errors/problem.js'
import { normaliseEncoding } from './detect/encoding.js'
import { GEOMETRY_FAMILIES, IMPORT_MODES, type GeometryFamily, type ImportMode, type ImportRequest } from './import.types.js'

/** Raw options as the CLI flags or the multipart form fields give them (strings). */
export type RawImportOptions = Partial<Record<'layer' | 'mode' | 'title' | 'titleEn' | 'kind' | 'year' | 'tier' | 'encoding' | 'srs' | 'entry' | 'gcj02' | 'geometry' | 'replace' | 'append', string | boolean>>

const truthy = (v: unknown) => v === true || (typeof v === 'string' && /^(1|true|yes|on)$/i.test(v.trim()))
const text = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined)

function mode(raw: RawImportOptions): ImportMode {
  if (truthy(raw.replace) && truthy(raw.append)) throw new BadRequestError('Choose either replace or append, not both.')
  const m = text(raw.mode) ?? (truthy(raw.replace) ? 'replace' : truthy(raw.append) ? 'append' : 'create')
  if (!(IMPORT_MODES as readonly string[]).includes(m)) throw new BadRequestError(`Unknown mode "${m}": use ${IMPORT_MODES.join(', ')}.`)
  return m as ImportMode
}

function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], what: string): T | undefined {
  if (value === undefined) return undefined
  if (!(allowed as readonly string[]).includes(value)) throw new BadRequestError(`Unknown ${what} "${value}": use one of ${allowed.join(', ')}.`)
  return value as T
}

function year(value: string | undefined): number | undefined {
  if (value === undefined) return undefined
  if (!/^\d{4}$/.test(value)) throw new BadRequestError(`The year "${value}" is not a four-digit year.`)
  return Number(value)
}

function encoding(value: string | undefined): string | undefined {
  if (value === undefined) return undefined
  const name = normaliseEncoding(value)
  if (!name) throw new BadRequestError(`Unknown encoding "${value}": use e.g. gbk, gb18030, utf-8 or latin1.`)
  return name
}

/** Validate import options from the CLI or the API into an ImportRequest (400 with the reason otherwise). */
export function parseImportRequest(raw: RawImportOptions): ImportRequest {
  const layer = text(raw.layer)
  if (!layer) throw new BadRequestError('Name the layer to create or update: --layer <id> (API: the "layer" field), lower-case letters, digits and _.')
  validateLayerId(layer)
  const srs = text(raw.srs)
  if (srs) parseCrs(srs)
  return {
    layer,
    mode: mode(raw),
    title: text(raw.title),
    titleEn: text(raw.titleEn),
    kind: oneOf<LayerKind>(text(raw.kind), LAYER_KINDS, 'kind'),
    year: year(text(raw.year)),
    tier: oneOf<Tier>(text(raw.tier), TIERS, 'tier'),
    encoding: encoding(text(raw.encoding)),
    srs,
    entry: text(raw.entry),
    gcj02: truthy(raw.gcj02) || undefined,
    geometry: oneOf<GeometryFamily>(text(raw.geometry), GEOMETRY_FAMILIES, 'geometry kind'),
  }
}
