import { basename } from 'node:path'
import type { GeometryType } from '../../catalog/catalog.types.js'
import { parseCrs } from '../../crs/crs.js'
import type { CrsChoice, ImportPlan, ImportRequest, SourceFiles } from '../import.types.js'
import { ImportInputError } from '../import-errors.js'
import { GeoPackage, type GpkgLayer } from '../read/gpkg-source.js'
import { columnsFor } from '../load/fields.js'
import { chooseCrs, type CrsEvidence } from './crs-choice.js'

/** Declared geometry types to layer types: single parts are stored as multi, as shapefiles are (points stay points). */
const LAYER_TYPES: Record<string, GeometryType> = {
  POINT: 'Point',
  MULTIPOINT: 'MultiPoint',
  LINESTRING: 'MultiLineString',
  MULTILINESTRING: 'MultiLineString',
  POLYGON: 'MultiPolygon',
  MULTIPOLYGON: 'MultiPolygon',
}
const FAMILIES: Record<string, GeometryType> = { point: 'Point', line: 'MultiLineString', polygon: 'MultiPolygon' }

/** The table to import: the one asked for (the entry option), else the only feature table. */
function chosenTable(gpkg: GeoPackage, asked: string | undefined): string {
  const tables = gpkg.featureTables()
  if (tables.length === 0) throw new ImportInputError(`${gpkg.name} holds no feature table (its gpkg_contents lists no 'features'); it may hold only tiles or attributes.`)
  if (asked) {
    if (!tables.includes(asked)) throw new ImportInputError(`${gpkg.name} has no feature table "${asked}"; it has ${tables.map((t) => `"${t}"`).join(', ')}.`)
    return asked
  }
  if (tables.length > 1) throw new ImportInputError(`${gpkg.name} holds ${tables.length} feature tables (${tables.map((t) => `"${t}"`).join(', ')}): choose one with the entry option (CLI --entry <table>).`)
  return tables[0]!
}

function layerType(layer: GpkgLayer, asked: ImportRequest['geometry'], name: string): GeometryType {
  const declared = LAYER_TYPES[layer.geometryTypeName]
  if (declared) {
    const family = declared.includes('Polygon') ? 'polygon' : declared.includes('Line') ? 'line' : 'point'
    if (asked && asked !== family) throw new ImportInputError(`${name} ("${layer.table}") holds ${family} features, not ${asked}; leave out the geometry option.`)
    return declared
  }
  // GEOMETRY or GEOMETRYCOLLECTION: the kind has to be said, as for mixed GeoJSON.
  if (asked) return FAMILIES[asked]!
  throw new ImportInputError(`${name} ("${layer.table}") declares its geometry as ${layer.geometryTypeName}, which may mix points, lines and polygons; a OneMap layer holds one kind. Choose it with the geometry option (CLI --geometry polygon).`)
}

/** What gpkg_spatial_ref_sys says, as CRS evidence: an EPSG code OneMap supports, else the WKT definition. */
function srsEvidence(layer: GpkgLayer, name: string): Pick<CrsEvidence, 'formatDefault' | 'prj'> {
  const srs = layer.srs
  // srs_id 0 and -1 are GeoPackage's "undefined geographic / cartesian": no CRS at all.
  if (!srs || srs.srsId === 0 || srs.srsId === -1) return {}
  const where = `${name} (gpkg_spatial_ref_sys ${srs.srsId}, "${srs.name}")`
  if (srs.organization.toUpperCase() === 'EPSG') {
    try {
      const choice: CrsChoice = { srid: parseCrs(`EPSG:${srs.organizationId}`).srid, source: 'prj', declaredName: srs.name }
      return { formatDefault: choice }
    } catch {
      // A code OneMap does not list by number may still be a system it knows by its parameters.
    }
  }
  if (!srs.definition || srs.definition.trim().toLowerCase() === 'undefined') return {}
  return { prj: { text: srs.definition, fileName: where } }
}

/** Open a GeoPackage and decide the table, geometry type, CRS and columns; refuses what cannot be loaded. */
export async function inspectGeoPackage(files: SourceFiles, request: ImportRequest): Promise<ImportPlan> {
  const name = basename(files.main)
  const gpkg = GeoPackage.open(files.main, name)
  try {
    const table = chosenTable(gpkg, request.entry)
    const layer = gpkg.describe(table)
    const notes: string[] = []
    const geometryType = layerType(layer, request.geometry, name)
    if (layer.hasZ || layer.hasM) notes.push(`"${table}" has ${[layer.hasZ && 'Z', layer.hasM && 'M'].filter(Boolean).join(' and ')} ordinates; they were dropped (layers are 2-D).`)
    const bbox = layer.bbox ?? gpkg.sampleBbox(layer)
    const crs = chooseCrs({ option: request.srs, ...srsEvidence(layer, name), bbox, sourceName: `${name} ("${table}")` }, notes)
    const skipped = layer.fields.filter((f) => f.type === null)
    if (skipped.length) notes.push(`Column${skipped.length > 1 ? 's' : ''} ${skipped.map((f) => `${f.name} (${f.declared})`).join(', ')} of "${table}" hold binary data and were not imported.`)
    const kept = layer.fields.filter((f) => f.type !== null)
    const fields = columnsFor(kept.map((f) => f.name), kept.map((f) => f.type!), request.kind === 'survey', notes)
    return {
      request: { ...request, entry: table },
      files,
      encoding: null,
      crs,
      geometryType,
      sourceGeometryType: layer.geometryTypeName,
      fields,
      featureCount: layer.count,
      notes,
    }
  } finally {
    gpkg.close()
  }
}
