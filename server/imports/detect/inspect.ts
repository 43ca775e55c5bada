import { open } from 'node:fs/promises'
import { basename, join } from 'node:path'
import type { ImportPlan, ImportRequest, SourceFiles } from '../import.types.js'
import { ImportInputError } from '../import-errors.js'
import { extractSource, type ZipLimits } from '../read/zip-extract.js'
import { shapefileOnDisk, sniffJsonFormat } from '../read/source-files.js'
import { inspectGeoJson } from './inspect-geojson.js'
import { inspectGeoPackage } from './inspect-geopackage.js'
import { inspectShapefile } from './inspect-shapefile.js'

/** Where the input is and how much a zip may expand. */
export interface InspectInput {
  path: string
  /** Name the person gave the file (uploads are stored under a generated name). */
  originalName?: string
  /** Scratch folder for zip extraction; deleted by the caller when the import ends. */
  workDir: string
  zipLimits: ZipLimits
}

async function magic(path: string): Promise<Buffer> {
  const handle = await open(path, 'r')
  try {
    const buffer = Buffer.alloc(4)
    const { bytesRead } = await handle.read(buffer, 0, 4, 0)
    return buffer.subarray(0, bytesRead)
  } finally {
    await handle.close()
  }
}

/** "SQLi", the start of "SQLite format 3": GeoPackages are SQLite databases. */
const isSqlite = (m: Buffer) => m.length >= 4 && m.toString('latin1', 0, 4) === 'SQLi'
const isZip = (m: Buffer) => m.length >= 4 && m[0] === 0x50 && m[1] === 0x4b && (m[2] === 3 || m[2] === 5) && (m[3] === 4 || m[3] === 6)

/** The files of the source: a zip is checked and extracted, loose .shp sidecars are found. */
export async function locateSource(input: InspectInput, entry?: string): Promise<SourceFiles> {
  const name = input.originalName ?? basename(input.path)
  const head = await magic(input.path)
  if (head.length === 0) throw new ImportInputError(`${name} is empty (0 bytes).`)
  if (isZip(head)) return extractSource(input.path, join(input.workDir, 'zip'), input.zipLimits, entry)
  if (/\.zip$/i.test(name)) throw new ImportInputError(`${name} is not a zip archive (it does not start with a zip signature): the file is damaged or was renamed.`)
  if (/\.shp$/i.test(name)) return shapefileOnDisk(input.path)
  if (isSqlite(head)) return { format: 'geopackage', main: input.path }
  if (/\.gpkg$/i.test(name)) throw new ImportInputError(`${name} is not a GeoPackage (it does not start with the SQLite header): the file is damaged or was renamed.`)
  if (/\.(shx|dbf|prj|cpg)$/i.test(name)) throw new ImportInputError(`${name} is only one part of a shapefile: import the .shp (next to its .shx, .dbf and .prj), or a zip of all of them.`)
  const format = await sniffJsonFormat(input.path)
  return { format, main: input.path }
}

/**
 * The inspect stage: find the source, open it, and decide encoding, CRS, columns and geometry
 * type. Everything a person can fix in the file is refused here with a 4xx, before the job starts.
 */
export async function inspectSource(input: InspectInput, request: ImportRequest): Promise<ImportPlan> {
  const files = await locateSource(input, request.entry)
  if (files.format === 'shapefile') return inspectShapefile(files, request)
  return files.format === 'geopackage' ? inspectGeoPackage(files, request) : inspectGeoJson(files, request)
}
