import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import type { LayerEntry } from '../catalog/catalog.types.js'
import type { Database } from '../db/database.js'
import { withFilterErrors } from '../features/index.js'
import { writeCsv } from './csv.writer.js'
import type { ExportParams } from './export.params.js'
import { exportFields, exportRowsStatement, measureFields, openExportRows } from './export.source.js'
import type { ExportField, ExportFormat, ExportSchema } from './export.types.js'
import { writeGeoJson } from './geojson.writer.js'
import { writeShapefile, zipFiles } from './shapefile.writer.js'

/** Rows fetched per cursor round trip; memory holds about one batch. */
const BATCH_ROWS = 1000

const CONTENT: Record<ExportFormat, { type: string; extension: string }> = {
  geojson: { type: 'application/geo+json; charset=utf-8', extension: 'geojson' },
  csv: { type: 'text/csv; charset=utf-8; header=present', extension: 'csv' },
  shapefile: { type: 'application/zip', extension: 'zip' },
}

/** Where an export runs: the database, a folder for temporary files, and the client's signal. */
export interface ExportContext {
  db: Database
  tmpRoot: string
  signal?: AbortSignal
}

/** A ready response: a body stream, its headers, and what to delete once it is sent. */
export interface ExportResult {
  body: Readable
  contentType: string
  extension: string
  warnings: string[]
  /** Remove temporary files; call when the response has finished or was aborted. */
  cleanup: () => Promise<void>
}

/**
 * Run an export of `layer`; parameters are already checked. Errors before the first byte reject,
 * and an error the filter's values caused while running (an overflow…) is a 400.
 */
export async function runExport(layer: LayerEntry, params: ExportParams, ctx: ExportContext): Promise<ExportResult> {
  return withFilterErrors(params.query.filter !== undefined, () => startExport(layer, params, ctx))
}

async function startExport(layer: LayerEntry, params: ExportParams, ctx: ExportContext): Promise<ExportResult> {
  const content = CONTENT[params.format]
  const base = { contentType: content.type, extension: content.extension, warnings: [], cleanup: async () => undefined }
  if (params.format === 'shapefile') return { ...base, ...(await shapefileExport(layer, params, ctx)) }
  const fields = exportFields(layer, params.query)
  const rows = await openExportRows(ctx.db, exportRowsStatement(layer, params.query), fields, BATCH_ROWS, ctx.signal)
  const schema = exportSchema(layer, params, fields)
  const chunks = params.format === 'geojson' ? writeGeoJson(schema, rows.batches) : writeCsv(schema, rows.batches, params.csvGeometry)
  return { ...base, body: Readable.from(chunks, { objectMode: false }), cleanup: rows.close }
}

function exportSchema(layer: LayerEntry, params: ExportParams, fields: ExportField[]): ExportSchema {
  return { name: layer.id, fields, geometryType: layer.geometry_type, srid: params.crs.srid, crsUri: params.crs.uri }
}

/** Write the shapefile to a private temporary folder, then stream it zipped; the folder goes afterwards. */
async function shapefileExport(layer: LayerEntry, params: ExportParams, ctx: ExportContext): Promise<Pick<ExportResult, 'body' | 'warnings' | 'cleanup'>> {
  await mkdir(ctx.tmpRoot, { recursive: true })
  const dir = await mkdtemp(join(ctx.tmpRoot, 'export-'))
  const cleanup = () => rm(dir, { recursive: true, force: true })
  try {
    const fields = await measureFields(ctx.db, layer, params.query, ctx.signal)
    const rows = await openExportRows(ctx.db, exportRowsStatement(layer, params.query), fields, BATCH_ROWS, ctx.signal)
    const output = await writeShapefile(exportSchema(layer, params, fields), rows.batches, { dir, encoding: params.encoding }).finally(rows.close)
    return { body: zipFiles(output.files), warnings: output.warnings, cleanup }
  } catch (error) {
    await cleanup()
    throw error
  }
}
