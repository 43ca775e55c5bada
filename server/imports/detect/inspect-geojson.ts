import { basename } from 'node:path'
import type { GeometryType } from '../../catalog/catalog.types.js'
import { parseCrs } from '../../crs/crs.js'
import type { CrsChoice, ImportPlan, ImportRequest, SourceFiles } from '../import.types.js'
import { ImportInputError } from '../import-errors.js'
import { surveyGeoJson, type GeoJsonSurvey } from '../read/geojson-survey.js'
import { columnsFor, jsonColumnType } from '../load/fields.js'
import { chooseCrs } from './crs-choice.js'

function layerType(survey: GeoJsonSurvey, name: string): GeometryType {
  if (survey.families.size === 0) throw new ImportInputError(`${name} has ${survey.count} features and none has a geometry: there is nothing to put on a map.`)
  if (survey.families.size > 1) throw new ImportInputError(`${name} mixes ${[...survey.families].join(', ')} geometries; a OneMap layer holds one kind. Split the file by geometry type and import each part.`)
  const family = [...survey.families][0]!
  if (family === 'polygon') return 'MultiPolygon'
  if (family === 'line') return 'MultiLineString'
  return survey.multiPoint ? 'MultiPoint' : 'Point'
}

/** One full pass over a GeoJSON source decides the columns, geometry type and CRS. */
export async function inspectGeoJson(files: SourceFiles, request: ImportRequest): Promise<ImportPlan> {
  const name = basename(files.main)
  const survey = await surveyGeoJson(files)
  const notes: string[] = []
  const geometryType = layerType(survey, name)
  const formatDefault: CrsChoice = survey.crs
    ? { srid: parseCrs(survey.crs).srid, source: 'geojson', note: `The GeoJSON "crs" member names ${survey.crs}.` }
    : { srid: 4326, source: 'default', note: 'GeoJSON coordinates are longitude/latitude (RFC 7946).' }
  const crs = chooseCrs({ option: request.srs, formatDefault, bbox: survey.bbox, sourceName: name }, notes)
  const names = [...survey.properties.keys()]
  const fields = columnsFor(names, names.map((n) => jsonColumnType(survey.properties.get(n)!)), request.kind === 'survey', notes)
  return { request, files, encoding: null, crs, geometryType, sourceGeometryType: [...survey.families][0]!, fields, featureCount: survey.count, notes }
}
