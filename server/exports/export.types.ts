import type { Geometry } from 'geojson'
import type { AttributeType, GeometryType } from '../catalog/catalog.types.js'

/** The file formats an export can be written in. */
export const EXPORT_FORMATS = ['geojson', 'shapefile', 'csv'] as const
export type ExportFormat = (typeof EXPORT_FORMATS)[number]

/** DBF text encodings offered for shapefiles; GBK is what Chinese GIS software expects. */
export const SHAPEFILE_ENCODINGS = ['gbk', 'utf-8'] as const
export type ShapefileEncoding = (typeof SHAPEFILE_ENCODINGS)[number]

/** How a CSV carries geometry. */
export const CSV_GEOMETRY = ['wkt', 'none'] as const
export type CsvGeometry = (typeof CSV_GEOMETRY)[number]

/** What the data says about a column, measured before writing (fixed-width formats need it up front). */
export interface FieldStats {
  /** Longest value in UTF-8 bytes (an upper bound for GBK, which never needs more bytes than UTF-8). */
  maxBytes?: number
  /** Most digits after the decimal point among the values. */
  scale?: number
  /** Most characters before the decimal point among the values, sign included. */
  intDigits?: number
}

/** One exported attribute: its catalog name and type, plus measured stats. */
export interface ExportField {
  name: string
  type: AttributeType
  stats?: FieldStats
}

/** What every writer is told about the features it receives. */
export interface ExportSchema {
  /** Base name for files (the layer id). */
  name: string
  fields: ExportField[]
  geometryType: GeometryType
  /** EPSG code of the coordinates in the rows (x = east, y = north), or 4326 for CRS84. */
  srid: number
  /** OGC URI of the output CRS. */
  crsUri: string
}

/**
 * One feature as writers receive it. Values: text as string, numbers as number, boolean,
 * date as 'YYYY-MM-DD', timestamp as ISO 8601 UTC text; null when missing.
 */
export interface ExportRow {
  id?: number
  properties: Record<string, unknown>
  geometry: Geometry | null
}

/** Features arrive in batches from a database cursor, so memory stays bounded. */
export type RowBatches = AsyncIterable<ExportRow[]>
