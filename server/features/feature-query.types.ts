import type { CrsInfo } from '../crs/crs.js'

/** A bounding box as the client wrote it: four numbers in the axis order of its CRS. */
export type BboxValues = [number, number, number, number]

/** One end of a datetime interval: ISO 8601 text, and whether it was a date without a time. */
export interface DatetimeBound {
  value: string
  dateOnly: boolean
}

/** A datetime instant or interval; a null end is open ("..", or empty in the OGC syntax). */
export interface DatetimeRange {
  start: DatetimeBound | null
  end: DatetimeBound | null
}

/** One sort key: an attribute name (or `id`, the feature id) and its direction. */
export interface SortKey {
  property: string
  descending: boolean
}

/** Equality of one attribute with a value the client gave as text (`?DLBM=0101`). */
export interface PropertyEquals {
  property: string
  value: string
}

/**
 * Everything a features request may ask for, already parsed and checked against the layer.
 * Every member is optional: an empty object means "all features, all properties, CRS84".
 */
export interface FeatureQueryOptions {
  /** Spatial filter, in `bboxCrs` axis order (CRS84 when absent). */
  bbox?: BboxValues
  bboxCrs?: CrsInfo
  /** A parsed CQL2 expression (server/cql2), compiled with `filterCrs` for its geometry literals. */
  filter?: unknown
  filterCrs?: CrsInfo
  /** Applied to the layer's time field; ignored for a layer without one (OGC: such features match). */
  datetime?: DatetimeRange
  propertyEquals?: PropertyEquals[]
  /** Attribute names to output, in that order; all of them when absent. */
  properties?: string[]
  sortby?: SortKey[]
  limit?: number
  offset?: number
  /** CRS of the output geometry; CRS84 when absent. */
  outputCrs?: CrsInfo
  /** Only this feature (the `fid`). */
  featureId?: number
  /**
   * Keep x = east, y = north even when `outputCrs` is north-first. OGC API responses follow the CRS axis
   * order (Part 2); file formats such as Shapefile and CSV always store easting/longitude first.
   */
  eastNorth?: boolean
  /** Leave the geometry out (NULL), e.g. for an attribute table. */
  skipGeometry?: boolean
}

/** A statement ready for Database.query / Database.cursor. */
export interface SqlStatement {
  sql: string
  params: unknown[]
}
