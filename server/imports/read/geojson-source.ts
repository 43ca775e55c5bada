import { createReadStream } from 'node:fs'
import { createInterface } from 'node:readline'
import type { FeatureIssue, SourceFeature, SourceFiles } from '../import.types.js'
import { ImportInputError } from '../import-errors.js'
import { scanGeoJsonFile, type ScanEvent } from './json-scanner.js'
import { normaliseGeoJsonGeometry } from './geojson-geometry.js'

const GEOMETRY_TYPES = ['Point', 'MultiPoint', 'LineString', 'MultiLineString', 'Polygon', 'MultiPolygon', 'GeometryCollection']
const TOP_TYPES = ['FeatureCollection', 'Feature', ...GEOMETRY_TYPES]

/** One JSON text per line (RFC 8142 record separators allowed), parsed. */
async function* readSequence(path: string): AsyncGenerator<ScanEvent> {
  const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 }), crlfDelay: Infinity })
  let n = 0
  for await (const raw of lines) {
    n++
    const line = raw.replace(/^[\u001e\ufeff\s]+/, '').trimEnd()
    if (line === '') continue
    try {
      yield { kind: 'feature', value: JSON.parse(line) }
    } catch (error) {
      throw new ImportInputError(`Line ${n} of the GeoJSON sequence is not valid JSON (${(error as Error).message}). Each line must hold one GeoJSON feature.`)
    }
  }
}

function checkTopType(type: unknown): void {
  if (typeof type !== 'string') throw new ImportInputError('The file is JSON but not GeoJSON: its top-level object has no "type" member (expected "FeatureCollection" or "Feature").')
  if (TOP_TYPES.includes(type)) return
  const fix = TOP_TYPES.find((t) => t.toLowerCase() === type.toLowerCase())
  throw new ImportInputError(`The file is JSON but not GeoJSON: its "type" is "${type}"${fix ? ` (GeoJSON type names are case-sensitive: use "${fix}")` : '; expected "FeatureCollection" or "Feature"'}.`)
}

/** A Feature (or bare geometry) as read, turned into a SourceFeature. */
export function toSourceFeature(raw: unknown, index: number): SourceFeature {
  const where = `Feature ${index}`
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new ImportInputError(`${where} is not a JSON object. Every element of "features" must be a GeoJSON Feature.`)
  const f = raw as { type?: unknown; properties?: unknown; geometry?: unknown }
  const issues: FeatureIssue[] = []
  if (typeof f.type === 'string' && GEOMETRY_TYPES.includes(f.type)) return { index, properties: {}, geometry: normaliseGeoJsonGeometry(f, where, issues), issues }
  if (f.type !== 'Feature') throw new ImportInputError(`${where} has "type": ${JSON.stringify(f.type ?? null)}; a GeoJSON feature must have "type": "Feature".`)
  const props = f.properties ?? {}
  if (typeof props !== 'object' || Array.isArray(props)) throw new ImportInputError(`${where} has "properties" that are not a JSON object.`)
  if (!('geometry' in f)) issues.push({ code: 'geometry_member_missing', message: 'The feature has no "geometry" member; read as a null geometry.', severity: 'warning' })
  return { index, properties: props as Record<string, unknown>, geometry: normaliseGeoJsonGeometry(f.geometry, where, issues), issues }
}

/** Top-level members other than features, kept to rebuild a single top-level Feature or geometry. */
export interface GeoJsonTop {
  type?: unknown
  crs?: unknown
  members: Record<string, unknown>
}

/**
 * Every feature of a GeoJSON object, GeoJSON text sequence, top-level Feature or bare geometry,
 * streamed with bounded memory. `top` is filled with the top-level members as they are met.
 */
export async function* readGeoJson(files: SourceFiles, top: GeoJsonTop = { members: {} }): AsyncGenerator<SourceFeature> {
  let index = 0
  const events = files.format === 'geojsonseq' ? readSequence(files.main) : scanGeoJsonFile(files.main)
  for await (const event of events) {
    if (event.kind === 'feature') {
      if (files.format === 'geojson' && top.type !== undefined && top.type !== 'FeatureCollection') checkFeatureCollection(top.type)
      yield toSourceFeature(event.value, ++index)
    } else {
      top.members[event.key] = event.value
      if (event.key === 'crs') top.crs = event.value
      if (event.key === 'type') {
        top.type = event.value
        checkTopType(top.type)
      }
    }
  }
  if (files.format === 'geojsonseq') return
  if (top.type === undefined) checkTopType(undefined)
  if ('features' in top.members) checkFeatureCollection(top.type)
  if (top.type === 'FeatureCollection') {
    if (!('features' in top.members)) throw new ImportInputError('The FeatureCollection has no "features" array.')
  } else yield toSourceFeature(top.members, 1)
}

function checkFeatureCollection(type: unknown): void {
  if (type !== 'FeatureCollection') throw new ImportInputError(`The file has a "features" array but its "type" is ${JSON.stringify(type)}; it must be "FeatureCollection".`)
}

/**
 * The SRID a GeoJSON "crs" member names (the 2008 GeoJSON form GDAL still writes), or undefined
 * when there is none. CRS84 is EPSG:4326 with longitude first, which is how GeoJSON is read anyway.
 */
export function sridFromCrsMember(crs: unknown): string | undefined {
  if (crs === undefined || crs === null) return undefined
  const name = (crs as { properties?: { name?: unknown } }).properties?.name
  if (typeof name !== 'string') throw new ImportInputError('The GeoJSON "crs" member is not of the form {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4490"}}; remove it or fix it.')
  if (/CRS84$/i.test(name)) return 'EPSG:4326'
  const code = /EPSG(?::[^:]*)?::?(\d+)$/i.exec(name)?.[1] ?? /\/EPSG\/[^/]+\/(\d+)$/i.exec(name)?.[1]
  if (!code) throw new ImportInputError(`The GeoJSON "crs" member names "${name}", which is not an EPSG code.`)
  return `EPSG:${code}`
}
