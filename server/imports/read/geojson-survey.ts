import type { Geometry, GeometryFamily, SourceFiles } from '../import.types.js'
import type { Bbox } from '../detect/crs-choice.js'
import { jsonKind } from '../load/fields.js'
import { familyOf } from './geojson-geometry.js'
import { readGeoJson, sridFromCrsMember, type GeoJsonTop } from './geojson-source.js'

/** What one full pass over a GeoJSON source learns before anything is written. */
export interface GeoJsonSurvey {
  count: number
  bbox?: Bbox
  /** Number of features of each geometry kind. */
  families: Map<GeometryFamily, number>
  /** A MultiPoint with more than one point was seen (a Point layer would not hold it). */
  multiPoint: boolean
  /** Property name → kinds of values seen, in first-seen order. */
  properties: Map<string, Set<string>>
  /** `EPSG:n` from a "crs" member. */
  crs?: string
  nullGeometries: number
}

function extend(bbox: Bbox, g: Geometry): void {
  const visit = (c: unknown): void => {
    if (typeof (c as number[])[0] === 'number') {
      const [x, y] = c as number[]
      if (x! < bbox[0]) bbox[0] = x!
      if (y! < bbox[1]) bbox[1] = y!
      if (x! > bbox[2]) bbox[2] = x!
      if (y! > bbox[3]) bbox[3] = y!
    } else for (const part of c as unknown[]) visit(part)
  }
  visit(g.coordinates)
}

/**
 * Read a GeoJSON source once to learn its properties and their types, geometry families, extent
 * and size; structural errors surface here, before any table is created.
 */
export async function surveyGeoJson(files: SourceFiles): Promise<GeoJsonSurvey> {
  const top: GeoJsonTop = { members: {} }
  const bbox: Bbox = [Infinity, Infinity, -Infinity, -Infinity]
  const survey: GeoJsonSurvey = { count: 0, families: new Map(), multiPoint: false, properties: new Map(), nullGeometries: 0 }
  for await (const f of readGeoJson(files, top)) {
    survey.count++
    for (const [name, value] of Object.entries(f.properties)) {
      const kinds = survey.properties.get(name) ?? new Set<string>()
      kinds.add(jsonKind(value))
      survey.properties.set(name, kinds)
    }
    if (!f.geometry) {
      survey.nullGeometries++
      continue
    }
    const family = familyOf(f.geometry.type)!
    survey.families.set(family, (survey.families.get(family) ?? 0) + 1)
    if (f.geometry.type === 'MultiPoint' && f.geometry.coordinates.length > 1) survey.multiPoint = true
    extend(bbox, f.geometry)
  }
  if (Number.isFinite(bbox[0])) survey.bbox = bbox
  survey.crs = sridFromCrsMember(top.crs)
  return survey
}
