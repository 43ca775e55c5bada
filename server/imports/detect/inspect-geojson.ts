import { basename } from 'node:path'
import type { GeometryType } from '../../catalog/catalog.types.js'
import { parseCrs } from '../../crs/crs.js'
import type { CrsChoice, GeometryFamily, ImportPlan, ImportRequest, SourceFiles } from '../import.types.js'
import { ImportInputError } from '../import-errors.js'
import { surveyGeoJson, type GeoJsonSurvey } from '../read/geojson-survey.js'
import { columnsFor, jsonColumnType } from '../load/fields.js'
import { chooseCrs } from './crs-choice.js'

const TYPES: Record<GeometryFamily, GeometryType> = { polygon: 'MultiPolygon', line: 'MultiLineString', point: 'Point' }

/** The family to load: the only one present, or the one asked for; otherwise a refusal that says how to choose. */
function chosenFamily(survey: GeoJsonSurvey, name: string, asked: GeometryFamily | undefined, notes: string[]): GeometryFamily {
  const present = [...survey.families.keys()]
  if (asked) {
    const others = present.filter((f) => f !== asked).map((f) => `${survey.families.get(f)} ${f}`)
    if (others.length) notes.push(`${name} also holds ${others.join(' and ')} features; they were skipped, as only ${asked} features were asked for.`)
    return asked
  }
  if (survey.count === 0) throw new ImportInputError(`${name} holds no features: there is nothing to import.`)
  if (present.length === 0) throw new ImportInputError(`${name} has ${survey.count} features and none has a geometry. To create a layer of them anyway, say which kind it holds with the geometry option (point, line or polygon).`)
  if (present.length > 1) throw new ImportInputError(`${name} mixes ${present.map((f) => `${survey.families.get(f)} ${f}`).join(', ')} features; a OneMap layer holds one kind. Choose one with the geometry option (CLI --geometry polygon), or split the file.`)
  return present[0]!
}

function layerType(survey: GeoJsonSurvey, family: GeometryFamily): GeometryType {
  return family === 'point' && survey.multiPoint ? 'MultiPoint' : TYPES[family]
}

/** One full pass over a GeoJSON source decides the columns, geometry type and CRS. */
export async function inspectGeoJson(files: SourceFiles, request: ImportRequest): Promise<ImportPlan> {
  const name = basename(files.main)
  const survey = await surveyGeoJson(files)
  const notes: string[] = []
  const family = chosenFamily(survey, name, request.geometry, notes)
  const formatDefault: CrsChoice = survey.crs
    ? { srid: parseCrs(survey.crs).srid, source: 'geojson', note: `The GeoJSON "crs" member names ${survey.crs}.` }
    : { srid: 4326, source: 'default', note: 'GeoJSON coordinates are longitude/latitude (RFC 7946).' }
  const crs = chooseCrs({ option: request.srs, formatDefault, bbox: survey.bbox, sourceName: name }, notes)
  const names = [...survey.properties.keys()]
  const fields = columnsFor(names, names.map((n) => jsonColumnType(survey.properties.get(n)!)), request.kind === 'survey', notes)
  return { request, files, encoding: null, crs, geometryType: layerType(survey, family), sourceGeometryType: family, fields, featureCount: survey.count, notes }
}
