import type { CsvGeometry, ExportRow, ExportSchema, RowBatches } from './export.types.js'
import { geometryToWkt } from './wkt.js'

/** Byte-order mark: without it Excel opens UTF-8 CSV as the local code page and garbles Chinese. */
const UTF8_BOM = '\uFEFF'
const EOL = '\r\n'

/**
 * Stream RFC 4180 CSV in UTF-8 with a BOM: a header row of field names, then one row per
 * feature. With geometry 'wkt' the first column holds the geometry as WKT (GDAL picks up a
 * column named WKT by itself).
 */
export async function* writeCsv(schema: ExportSchema, batches: RowBatches, geometry: CsvGeometry): AsyncGenerator<string> {
  const withWkt = geometry === 'wkt'
  const header = schema.fields.map((f) => f.name)
  if (withWkt) header.unshift(wktColumnName(header))
  yield UTF8_BOM + csvLine(header)
  for await (const rows of batches) {
    if (rows.length > 0) yield rows.map((row) => csvLine(rowCells(row, schema, withWkt))).join('')
  }
}

/** "WKT", unless an attribute already has that name. */
export function wktColumnName(fieldNames: string[]): string {
  const taken = new Set(fieldNames.map((n) => n.toUpperCase()))
  return taken.has('WKT') ? 'WKT_GEOM' : 'WKT'
}

function rowCells(row: ExportRow, schema: ExportSchema, withWkt: boolean): string[] {
  const cells = schema.fields.map((f) => cellText(row.properties[f.name]))
  if (withWkt) cells.unshift(row.geometry ? geometryToWkt(row.geometry) : '')
  return cells
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return ''
  return String(value)
}

function csvLine(cells: string[]): string {
  return cells.map(quoteCell).join(',') + EOL
}

/** RFC 4180: quote a cell holding a comma, quote or line break, doubling inner quotes. */
function quoteCell(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}
