import { open, readdir } from 'node:fs/promises'
import { basename, dirname, extname, join } from 'node:path'
import type { SourceFiles, SourceFormat } from '../import.types.js'
import { ImportInputError } from '../import-errors.js'

/** A file known by its name (a zip entry path or a file in a folder). */
export interface NamedFile {
  name: string
}

export type PartRole = 'shp' | 'shx' | 'dbf' | 'prj' | 'cpg' | 'json'

export interface PickedSource<T extends NamedFile> {
  format: SourceFormat
  main: T
  /** The files to use by role; `json` holds the main file of a GeoJSON source. */
  parts: Partial<Record<PartRole, T>>
}

const SEQUENCE_EXT = /\.(geojsonl|geojsons|geojsonseq|ndjson|jsonl)$/i
const JSON_EXT = /\.(geojson|json)$/i
const SIDECARS = ['shx', 'dbf', 'prj', 'cpg'] as const

const stem = (name: string) => name.replace(/\\/g, '/').replace(/\.[^./]*$/, '').toLowerCase()
const ignorable = (name: string) => /(^|\/)__MACOSX\//.test(name) || basename(name).startsWith('.')

function chooseOne<T extends NamedFile>(candidates: T[], wanted: string | undefined, where: string, kind: string): T {
  if (wanted) {
    const w = wanted.toLowerCase().replace(/\.[^.]*$/, '')
    const found = candidates.find((c) => stem(c.name) === w || basename(stem(c.name)) === w)
    if (!found) throw new ImportInputError(`${where} has no ${kind} named "${wanted}". It holds: ${candidates.map((c) => c.name).join(', ')}.`)
    return found
  }
  if (candidates.length === 1) return candidates[0]!
  throw new ImportInputError(`${where} holds ${candidates.length} ${kind}s (${candidates.map((c) => basename(c.name)).join(', ')}): choose one with --entry NAME (API: the "entry" field).`)
}

/**
 * Find the layer among a set of files: one .shp with its .shx/.dbf/.prj/.cpg (extensions in any
 * case), or else one GeoJSON file. Refuses a set without either, or with a missing .shx or .dbf.
 */
export function pickMain<T extends NamedFile>(all: T[], wanted: string | undefined, where: string): PickedSource<T> {
  const files = all.filter((f) => !ignorable(f.name))
  const shps = files.filter((f) => /\.shp$/i.test(f.name))
  if (shps.length > 0) {
    const shp = chooseOne(shps, wanted, where, 'shapefile')
    const parts: PickedSource<T>['parts'] = { shp }
    for (const ext of SIDECARS) {
      const part = files.find((f) => stem(f.name) === stem(shp.name) && extname(f.name).toLowerCase() === `.${ext}`)
      if (part) parts[ext] = part
    }
    requireParts(basename(shp.name), parts)
    return { format: 'shapefile', main: shp, parts }
  }
  const jsons = files.filter((f) => JSON_EXT.test(f.name) || SEQUENCE_EXT.test(f.name))
  if (jsons.length === 0) {
    const names = files.slice(0, 10).map((f) => f.name).join(', ') || 'nothing'
    throw new ImportInputError(`${where} holds no shapefile (.shp) and no GeoJSON file (found: ${names}). A shapefile needs its .shp, .shx and .dbf, with the .prj.`)
  }
  const json = chooseOne(jsons, wanted, where, 'GeoJSON file')
  return { format: SEQUENCE_EXT.test(json.name) ? 'geojsonseq' : 'geojson', main: json, parts: { json } }
}

function requireParts(name: string, parts: Partial<Record<PartRole, NamedFile>>): void {
  const base = name.replace(/\.shp$/i, '')
  if (!parts.shx) throw new ImportInputError(`${name} comes without its index file ${base}.shx. Add the .shx that was exported with it (a shapefile is the .shp, .shx and .dbf together, plus the .prj).`)
  if (!parts.dbf) throw new ImportInputError(`${name} comes without its attribute table ${base}.dbf. Add the .dbf that was exported with it: without it every attribute would be lost.`)
}

/** Read the first bytes of a file. */
async function head(path: string, bytes: number): Promise<string> {
  const handle = await open(path, 'r')
  try {
    const buffer = Buffer.alloc(bytes)
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0)
    return buffer.subarray(0, bytesRead).toString('utf8')
  } finally {
    await handle.close()
  }
}

/**
 * Tell a GeoJSON text sequence from a GeoJSON object by content: a record separator, or a first
 * line that is a complete JSON object followed by another line starting with "{".
 */
export async function sniffJsonFormat(path: string): Promise<SourceFormat> {
  const text = (await head(path, 64 * 1024)).replace(/^\ufeff/, '')
  if (text.trimStart().startsWith('\u001e')) return 'geojsonseq'
  const [first, second] = text.split('\n').map((l) => l.trim()).filter((l) => l !== '')
  if (first && second?.startsWith('{')) {
    try {
      JSON.parse(first)
      return 'geojsonseq'
    } catch {
      return 'geojson'
    }
  }
  return 'geojson'
}

/** The format of a file named on the command line or uploaded, by extension and content. */
export function classifyPath(path: string, format?: SourceFormat): Pick<SourceFiles, 'format' | 'main'> {
  if (format) return { format, main: path }
  if (/\.shp$/i.test(path)) return { format: 'shapefile', main: path }
  return { format: SEQUENCE_EXT.test(path) ? 'geojsonseq' : 'geojson', main: path }
}

/** The sidecar files next to a .shp on disk (any extension case). */
export async function shapefileOnDisk(shpPath: string): Promise<SourceFiles> {
  const dir = dirname(shpPath)
  const names = await readdir(dir)
  const picked = pickMain(names.map((name) => ({ name })), basename(shpPath), `The folder ${dir}`)
  const at = (role: PartRole) => (picked.parts[role] ? join(dir, picked.parts[role].name) : undefined)
  return { format: 'shapefile', main: join(dir, picked.main.name), shx: at('shx'), dbf: at('dbf'), prj: at('prj'), cpg: at('cpg') }
}
