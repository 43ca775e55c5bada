import { readFile } from 'node:fs/promises'
import { basename } from 'node:path'
import type { GeometryType } from '../../catalog/catalog.types.js'
import type { ImportPlan, ImportRequest, SourceFiles } from '../import.types.js'
import { ImportInputError } from '../import-errors.js'
import { DbfReader, dbfAttributeType } from '../read/dbf-reader.js'
import { ShpReader } from '../read/shp-reader.js'
import type { ShapeFamily } from '../read/shp-types.js'
import { makeDecoder } from '../read/text-decoder.js'
import { columnsFor } from '../load/fields.js'
import { chooseCrs } from './crs-choice.js'
import { chooseEncoding } from './encoding.js'

const LAYER_TYPES: Partial<Record<ShapeFamily, GeometryType>> = { point: 'Point', multipoint: 'MultiPoint', line: 'MultiLineString', polygon: 'MultiPolygon' }
const SAMPLE_BYTES = 1 << 20

async function optionalText(path: string | undefined, encoding: BufferEncoding): Promise<string | undefined> {
  return path ? (await readFile(path)).subarray(0, 64 * 1024).toString(encoding) : undefined
}

function layerType(shp: ShpReader, name: string): GeometryType {
  const { info } = shp.header
  if (info.family === 'multipatch') {
    throw new ImportInputError(`${name} holds MultiPatch shapes (3-D surfaces such as building models), which OneMap does not import: layers hold 2-D points, lines or polygons. Export the footprints as a Polygon shapefile (ArcGIS: "Multipatch Footprint") and import that.`)
  }
  const type = LAYER_TYPES[info.family]
  if (!type) throw new ImportInputError(`${name} declares the Null shape type: it holds no geometry to import.`)
  return type
}

/** The geometry option only chooses among kinds in GeoJSON; for a shapefile it must match what the file holds. */
function checkFamily(type: GeometryType, asked: ImportRequest['geometry'], name: string): void {
  const family = type.includes('Polygon') ? 'polygon' : type.includes('Line') ? 'line' : 'point'
  if (asked && asked !== family) throw new ImportInputError(`${name} holds ${family} features, not ${asked}; leave out the geometry option.`)
}

/**
 * Open a shapefile and decide everything the load needs: the geometry type, the encoding of the
 * .dbf (and so its field names), the CRS, and the columns. Damaged, incomplete or unusable files
 * are refused here, before any table exists.
 */
export async function inspectShapefile(files: SourceFiles, request: ImportRequest): Promise<ImportPlan> {
  const name = basename(files.main)
  const shp = await ShpReader.open(files.main, files.shx!)
  const dbf = await DbfReader.open(files.dbf!).catch(async (error: unknown) => {
    await shp.close()
    throw error
  })
  try {
    const geometryType = layerType(shp, name)
    checkFamily(geometryType, request.geometry, name)
    const notes = [...shp.notes, ...dbf.notes]
    if (shp.count > dbf.header.count) throw new ImportInputError(`${name} has ${shp.count} shapes but ${basename(files.dbf!)} has only ${dbf.header.count} records: the files do not belong together or one of them is damaged. Export the layer again.`)
    if (shp.count < dbf.header.count) notes.push(`${basename(files.dbf!)} has ${dbf.header.count} records but ${name} only ${shp.count} shapes; the extra records were ignored (as GDAL does).`)
    const cpgText = await optionalText(files.cpg, 'latin1')
    const encoding = await chooseEncoding({ option: request.encoding, cpg: cpgText === undefined ? undefined : { text: cpgText, fileName: basename(files.cpg!) }, ldid: dbf.header.ldid, sample: () => dbf.sampleText(SAMPLE_BYTES) }, notes)
    const decode = makeDecoder(encoding.name)
    const prjText = await optionalText(files.prj, 'utf8')
    const crs = chooseCrs({ option: request.srs, prj: prjText === undefined ? undefined : { text: prjText, fileName: basename(files.prj!) }, bbox: shp.header.bbox, sourceName: name }, notes)
    const types = dbf.header.fields.map(dbfAttributeType)
    const fields = columnsFor(dbf.header.fields.map((f) => decode(f.nameBytes)), types, request.kind === 'survey', notes)
    if (shp.header.info.z || shp.header.info.m) notes.push(`${name} is ${shp.header.info.name}: ${shp.header.info.z ? 'Z and M' : 'M'} values were dropped (OneMap stores 2-D geometry).`)
    return { request, files, encoding, crs, geometryType, sourceGeometryType: shp.header.info.name, fields, featureCount: shp.count, notes }
  } finally {
    await Promise.all([shp.close(), dbf.close()])
  }
}
