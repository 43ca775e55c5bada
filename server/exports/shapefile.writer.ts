import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Readable } from 'node:stream'
import yazl from 'yazl'
import { dbfFieldSpec, DBF_TEXT_MAX, type DbfFieldSpec } from './dbf-fields.js'
import { DbfWriter, type DbfIssues } from './dbf.writer.js'
import { esriPrj } from './esri-prj.js'
import type { ExportSchema, RowBatches, ShapefileEncoding } from './export.types.js'
import { shapefileFieldNames } from './field-names.js'
import { shapeTypeFor } from './shp-geometry.js'
import { ShpWriter } from './shp.writer.js'

/** The format's own limit: readers use 32-bit offsets, so no .shp or .dbf may pass 2 GB. */
export const SHAPEFILE_MAX_BYTES = 2 ** 31 - 1

/** .cpg contents: the ESRI code page names GDAL, QGIS and ArcGIS all read. */
const CPG: Record<ShapefileEncoding, string> = { gbk: '936', 'utf-8': 'UTF-8' }

export interface ShapefileOptions {
  /** An empty folder the files are written into; the caller deletes it. */
  dir: string
  encoding: ShapefileEncoding
  /** Defaults to the 2 GB format limit; tests lower it. */
  maxFileBytes?: number
}

/** The files written, in zip order, and what could not be kept exactly. */
export interface ShapefileOutput {
  files: { path: string; name: string }[]
  fields: DbfFieldSpec[]
  warnings: string[]
}

/**
 * Write .shp, .shx, .dbf, .prj and .cpg (plus fields.csv when field names were shortened and
 * warnings.txt when values were cut) from streamed rows. Memory holds one batch at a time.
 */
export async function writeShapefile(schema: ExportSchema, batches: RowBatches, options: ShapefileOptions): Promise<ShapefileOutput> {
  const fields = dbfFields(schema, options.encoding)
  const base = join(options.dir, schema.name)
  const maxBytes = options.maxFileBytes ?? SHAPEFILE_MAX_BYTES
  const dbf = await DbfWriter.create(`${base}.dbf`, fields, options.encoding, maxBytes)
  const shp = await ShpWriter.create(base, shapeTypeFor(schema.geometryType), maxBytes).catch(async (error: unknown) => {
    await dbf.discard()
    throw error
  })
  try {
    for await (const rows of batches) {
      for (const row of rows) {
        await shp.write(row.geometry)
        await dbf.write(row.properties)
      }
    }
    await shp.close()
    await dbf.close()
  } catch (error) {
    await Promise.all([shp.discard(), dbf.discard()])
    throw error
  }
  return { files: await sidecarFiles(schema, options, fields, dbf.issues), fields, warnings: describeIssues(dbf.issues) }
}

function dbfFields(schema: ExportSchema, encoding: ShapefileEncoding): DbfFieldSpec[] {
  const names = shapefileFieldNames(schema.fields.map((f) => f.name), encoding)
  return schema.fields.map((field, i) => dbfFieldSpec(field, names[i]))
}

async function sidecarFiles(schema: ExportSchema, options: ShapefileOptions, fields: DbfFieldSpec[], issues: DbfIssues) {
  const text: [string, string][] = [[`${schema.name}.cpg`, CPG[options.encoding]]]
  const prj = esriPrj(schema.srid)
  if (prj) text.push([`${schema.name}.prj`, prj])
  if (fields.some((f) => f.dbfName !== f.name)) text.push(['fields.csv', fieldMappingCsv(fields)])
  const warnings = describeIssues(issues)
  if (warnings.length > 0) text.push(['warnings.txt', warnings.join('\r\n') + '\r\n'])
  for (const [name, content] of text) await writeFile(join(options.dir, name), content, 'utf8')
  const names = ['shp', 'shx', 'dbf'].map((ext) => `${schema.name}.${ext}`).concat(text.map(([name]) => name))
  return names.map((name) => ({ name, path: join(options.dir, name) }))
}

/** original,shapefile per attribute, UTF-8 with BOM so Excel shows the Chinese names. */
function fieldMappingCsv(fields: DbfFieldSpec[]): string {
  const quote = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s)
  const lines = ['original,shapefile', ...fields.map((f) => `${quote(f.name)},${quote(f.dbfName)}`)]
  return '\uFEFF' + lines.join('\r\n') + '\r\n'
}

function describeIssues(issues: DbfIssues): string[] {
  const cut = Object.entries(issues.truncated).map(([field, n]) => `${field}: ${n} value(s) longer than ${DBF_TEXT_MAX} bytes were cut to fit the DBF.`)
  const lost = Object.entries(issues.unrepresentable).map(
    ([field, n]) => `${field}: ${n} value(s) hold characters the chosen encoding lacks, written as '?'; export with encoding=utf-8 to keep them.`,
  )
  return [...cut, ...lost]
}

/** Zip the written files as a stream; nothing is held in memory beyond yazl's buffers. */
export function zipFiles(files: { path: string; name: string }[]): Readable {
  const zip = new yazl.ZipFile()
  for (const file of files) zip.addFile(file.path, file.name)
  zip.end()
  return zip.outputStream as Readable
}
