/**
 * Checks on the import form, as small pure functions returning `{ valid, reason }`: the reason is a
 * message key, so the dialog says exactly what to change before anything is uploaded. The server
 * checks everything again (server/imports/import-request.ts); these only save a round trip.
 */

/** The server's rule for layer ids (server/catalog/layer-table.ts validateLayerId). */
export const LAYER_ID_PATTERN = /^[a-z][a-z0-9_]{0,62}$/

/** Layer kinds and tiers the server accepts (server/catalog/catalog.types.ts). */
export const IMPORT_KINDS = ['thematic', 'base', 'survey', 'rights', 'control', 'result'] as const
export const IMPORT_TIERS = ['internal', 'public', 'confidential'] as const
export const IMPORT_MODES = ['create', 'replace', 'append'] as const
export type ImportMode = (typeof IMPORT_MODES)[number]

/** Reasons a form value is refused; each is a key in messages.ts. */
export const REASONS = {
  fileMissing: 'import.reason.fileMissing',
  fileLoneShp: 'import.reason.fileLoneShp',
  fileType: 'import.reason.fileType',
  layerMissing: 'import.reason.layerMissing',
  layerPattern: 'import.reason.layerPattern',
  layerExists: 'import.reason.layerExists',
  layerUnknown: 'import.reason.layerUnknown',
  year: 'import.reason.year',
  srs: 'import.reason.srs',
} as const
export type Reason = (typeof REASONS)[keyof typeof REASONS]

export type Check = { valid: true } | { valid: false; reason: Reason }

const OK: Check = { valid: true }
const refuse = (reason: Reason): Check => ({ valid: false, reason })

/** File names the server reads: a zipped shapefile, GeoJSON, or GeoJSON text sequences. */
const ACCEPTED_FILE = /\.(zip|geojson|json|geojsonl|geojsons|geojsonseq|ndjson|jsonl|gpkg)$/i
/** One part of a shapefile, which is useless without the others. */
const SHAPEFILE_PART = /\.(shp|shx|dbf|prj|cpg)$/i

/** The `accept` attribute of the file input. */
export const FILE_ACCEPT = '.zip,.geojson,.json,.geojsonl,.geojsons,.geojsonseq,.ndjson,.jsonl,.gpkg'

export function checkFile(name: string | undefined): Check {
  if (!name) return refuse(REASONS.fileMissing)
  if (SHAPEFILE_PART.test(name)) return refuse(REASONS.fileLoneShp)
  return ACCEPTED_FILE.test(name) ? OK : refuse(REASONS.fileType)
}

/** The layer id against the server's rule and the catalog: `create` needs a new id, replace/append an existing one. */
export function checkLayerId(id: string, mode: ImportMode, existing: ReadonlySet<string>): Check {
  if (id === '') return refuse(REASONS.layerMissing)
  if (!LAYER_ID_PATTERN.test(id)) return refuse(REASONS.layerPattern)
  if (mode === 'create' && existing.has(id)) return refuse(REASONS.layerExists)
  if (mode !== 'create' && !existing.has(id)) return refuse(REASONS.layerUnknown)
  return OK
}

export function checkYear(year: string): Check {
  return year === '' || /^\d{4}$/.test(year) ? OK : refuse(REASONS.year)
}

/** A bare EPSG number gets its `EPSG:` prefix; anything else is sent as typed. */
export function normaliseSrs(srs: string): string {
  const text = srs.trim()
  return /^\d{4,5}$/.test(text) ? `EPSG:${text}` : text
}

/** The form of a CRS name (EPSG:n, CRS84, or an OGC URI); which ones are supported is the server's to say. */
export function checkSrs(srs: string): Check {
  const text = normaliseSrs(srs)
  if (text === '') return OK
  const shaped = /^\[?EPSG:\d{4,5}\]?$/i.test(text) || /^\[?(OGC:)?CRS84\]?$/i.test(text) || /^https?:\/\/www\.opengis\.net\/def\/crs\//.test(text)
  return shaped ? OK : refuse(REASONS.srs)
}

/** A layer id made from a file name ("XZQ 2024.zip" → "xzq_2024"), or '' when nothing usable is left. */
export function suggestLayerId(fileName: string): string {
  const stem = fileName.replace(/\.[^.]*$/, '').toLowerCase()
  const id = stem.replace(/[^a-z0-9_]+/g, '_').replace(/^[^a-z]+/, '').replace(/_+$/, '').slice(0, 63)
  return LAYER_ID_PATTERN.test(id) ? id : ''
}

/** Form fields a server message points at, by the CLI flag or API field it names ("pass --srs EPSG:4523"). */
const FIELD_MENTIONS: [string, RegExp][] = [
  ['layer', /--layer\b|"layer" field|Layer id "|another layer id/],
  ['mode', /\bmode (replace|append)\b|replace or append/i],
  ['srs', /--srs\b|"srs" field|coordinate reference system/],
  ['encoding', /--encoding\b|encoding "|encoding explicitly/i],
  ['entry', /--entry\b|"entry" field/],
  ['geometry', /--geometry\b|geometry option/],
  ['year', /\byear "/],
]

/** The names of the form fields a server message asks the person to fill in or change. */
export function fieldsNamedIn(message: string): string[] {
  return FIELD_MENTIONS.filter(([, pattern]) => pattern.test(message)).map(([name]) => name)
}
