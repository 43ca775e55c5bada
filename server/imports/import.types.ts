import type { AttributeDef, GeometryType, LayerKind, Tier } from '../catalog/catalog.types.js'

/** How an import treats an existing layer of the same id. */
export const IMPORT_MODES = ['create', 'replace', 'append'] as const
export type ImportMode = (typeof IMPORT_MODES)[number]

/** What a person asks for: the CLI flags and the API form fields, validated. */
export interface ImportRequest {
  /** Layer id (becomes data."<layer>"). */
  layer: string
  mode: ImportMode
  title?: string
  titleEn?: string
  kind?: LayerKind
  year?: number
  tier?: Tier
  /** Overrides the .cpg / LDID / detection (any name iconv-lite knows: gbk, gb18030, utf-8…). */
  encoding?: string
  /** Overrides the .prj: `EPSG:n` or an OGC URI. */
  srs?: string
  /** Inside a zip holding several layers: the base name of the .shp to import; in a GeoPackage: the feature table. */
  entry?: string
  /** Apply the approximate GCJ-02 → CGCS2000 correction (data copied from internet map providers). */
  gcj02?: boolean
  /** For GeoJSON mixing points, lines and polygons: the kind to keep (the others are skipped and reported). */
  geometry?: GeometryFamily
}

export const GEOMETRY_FAMILIES = ['point', 'line', 'polygon'] as const
export type GeometryFamily = (typeof GEOMETRY_FAMILIES)[number]

/** The file formats an import reads. */
export type SourceFormat = 'shapefile' | 'geojson' | 'geojsonseq' | 'geopackage'

/** The files of one source, after any zip has been safely extracted. */
export interface SourceFiles {
  format: SourceFormat
  /** The main file: .shp, .geojson/.json, the sequence file or the .gpkg. */
  main: string
  shx?: string
  dbf?: string
  prj?: string
  cpg?: string
  /** A temporary folder to delete once the import has finished (zip extraction, upload). */
  workDir?: string
}

/** Where a decision came from, so the report can say why. */
export type Provenance = 'option' | 'cpg' | 'ldid' | 'detected' | 'prj' | 'geojson' | 'default'

export interface EncodingChoice {
  /** iconv-lite encoding name. */
  name: string
  source: Provenance
  note?: string
}

export interface CrsChoice {
  srid: number
  source: Provenance
  /** The name the file gave (PROJCS/GEOGCS), for the report only: never used to decide. */
  declaredName?: string
  note?: string
}

/** A column of the source and where it lands in the layer table. */
export interface SourceField {
  /** Name as decoded from the file. */
  source: string
  /** Column name in the layer table (sanitised; standard names such as DLBM kept as they are). */
  column: string
  type: AttributeDef['type']
}

/**
 * Everything decided before any feature is written: found by `inspectSource`, stored in the job's
 * params, and executed by the loader. JSON-serialisable.
 */
export interface ImportPlan {
  request: ImportRequest
  files: SourceFiles
  encoding: EncodingChoice | null
  crs: CrsChoice
  /** Geometry type of the target layer table. */
  geometryType: GeometryType
  /** What the file declares, e.g. PolygonZ, for the report. */
  sourceGeometryType: string
  fields: SourceField[]
  /** Number of records when the file says (shapefile) or after the schema pass (GeoJSON). */
  featureCount: number
  notes: string[]
}

/** A 2-D geometry in GeoJSON layout (positions are [x, y]). */
export type Position = number[]
export type Geometry =
  | { type: 'Point'; coordinates: Position }
  | { type: 'MultiPoint'; coordinates: Position[] }
  | { type: 'LineString'; coordinates: Position[] }
  | { type: 'MultiLineString'; coordinates: Position[][] }
  | { type: 'Polygon'; coordinates: Position[][] }
  | { type: 'MultiPolygon'; coordinates: Position[][][] }

/** One feature as read from the source, in source coordinates. */
export interface SourceFeature {
  /** 1-based position in the source (record number for shapefiles). */
  index: number
  properties: Record<string, unknown>
  geometry: Geometry | null
  /** Problems found while reading that were fixed or noted (closed rings, dropped ordinates…). */
  issues?: FeatureIssue[]
}

export type IssueSeverity = 'info' | 'warning' | 'error'

/** A problem with one feature, for the import report. */
export interface FeatureIssue {
  code: string
  message: string
  severity: IssueSeverity
}

/** Progress as jobs report it: features read/written and the current stage. */
export interface ImportProgress {
  stage: string
  done: number
  total: number
  percent: number
  read: number
  written: number
}
