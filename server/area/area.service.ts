import type { Geometry } from 'geojson'
import type { Queryable } from '../db/database.js'
import { BadRequestError } from '../errors/problem.js'

export interface OfficialArea {
  /** Ellipsoidal area per 国土调查办发〔2008〕32号, m², rounded to 0.01 half away from zero. */
  m2: number
  /** 公顷 = m² / 10 000. */
  ha: number
  /** 亩 = m² × 0.0015 exactly. */
  mu: number
  /** ST_Area(geography) — a cross-check only, never a reported figure. */
  geodesic_m2: number
}

const AREA_TYPES = new Set(['Polygon', 'MultiPolygon'])

/** m² → {m2, ha, mu}, each derived from the already-rounded m² so the units agree exactly. */
export function areaUnits(m2: number): Pick<OfficialArea, 'm2' | 'ha' | 'mu'> {
  return { m2, ha: Number((m2 / 10000).toFixed(6)), mu: Number((m2 * 0.0015).toFixed(6)) }
}

/**
 * Official area of a GeoJSON polygon given in CRS84 / EPSG:4490 longitude-latitude.
 * Invalid geometry is refused with PostGIS's reason, since its area would be ambiguous.
 */
export async function officialArea(db: Queryable, geometry: Geometry): Promise<OfficialArea> {
  if (!geometry || !AREA_TYPES.has(geometry.type)) {
    throw new BadRequestError(`"geometry" must be a GeoJSON Polygon or MultiPolygon, got ${geometry ? JSON.stringify(geometry.type) : 'nothing'}.`)
  }
  const { rows } = await db.query<{ valid: boolean; reason: string; m2: number; geodesic_m2: number; in_range: boolean }>(
    `WITH g AS (SELECT ST_SetSRID(ST_GeomFromGeoJSON($1), 4490) AS g)
     SELECT ST_IsValid(g) AS valid, ST_IsValidReason(g) AS reason,
            ST_XMin(g) >= -180 AND ST_XMax(g) <= 180 AND ST_YMin(g) >= -90 AND ST_YMax(g) <= 90 AS in_range,
            CASE WHEN ST_IsValid(g) THEN onemap.ellipsoid_area(g) END AS m2,
            CASE WHEN ST_IsValid(g) THEN ST_Area(g::geography) END AS geodesic_m2
     FROM g`,
    [JSON.stringify(geometry)],
  ).catch((error: Error) => {
    throw new BadRequestError(`"geometry" is not readable GeoJSON: ${error.message}`)
  })
  const row = rows[0]!
  if (!row.in_range) throw new BadRequestError('Coordinates must be longitude/latitude in degrees (CRS84 / EPSG:4490); these are outside ±180/±90, perhaps projected metres.')
  if (!row.valid) throw new BadRequestError(`The polygon is not valid (${row.reason}); fix it before asking for its area.`, { reason: row.reason })
  return { ...areaUnits(row.m2), geodesic_m2: Math.round(row.geodesic_m2 * 100) / 100 }
}
