/** Geometry family of a shapefile shape type, as OneMap stores it. */
export type ShapeFamily = 'null' | 'point' | 'multipoint' | 'line' | 'polygon' | 'multipatch'

export interface ShapeTypeInfo {
  name: string
  family: ShapeFamily
  /** Whether records carry Z (and M) or only M values beyond x/y. */
  z: boolean
  m: boolean
}

/** The shape types of the ESRI Shapefile Technical Description (1998). */
export const SHAPE_TYPES: Readonly<Record<number, ShapeTypeInfo>> = {
  0: { name: 'Null', family: 'null', z: false, m: false },
  1: { name: 'Point', family: 'point', z: false, m: false },
  3: { name: 'PolyLine', family: 'line', z: false, m: false },
  5: { name: 'Polygon', family: 'polygon', z: false, m: false },
  8: { name: 'MultiPoint', family: 'multipoint', z: false, m: false },
  11: { name: 'PointZ', family: 'point', z: true, m: true },
  13: { name: 'PolyLineZ', family: 'line', z: true, m: true },
  15: { name: 'PolygonZ', family: 'polygon', z: true, m: true },
  18: { name: 'MultiPointZ', family: 'multipoint', z: true, m: true },
  21: { name: 'PointM', family: 'point', z: false, m: true },
  23: { name: 'PolyLineM', family: 'line', z: false, m: true },
  25: { name: 'PolygonM', family: 'polygon', z: false, m: true },
  28: { name: 'MultiPointM', family: 'multipoint', z: false, m: true },
  31: { name: 'MultiPatch', family: 'multipatch', z: true, m: true },
}

/** Shapefile header facts used by inspection and the loader. */
export interface ShpHeader {
  shapeType: number
  info: ShapeTypeInfo
  /** [xmin, ymin, xmax, ymax] as the header states it. */
  bbox: [number, number, number, number]
  /** File length the header claims, in bytes (may disagree with the real size). */
  declaredLength: number
}
