/**
 * ESRI WKT (the .prj of a shapefile) for every CRS OneMap exports, written from a table rather
 * than a projection library so that the text is exactly what ArcGIS and GDAL write for the
 * EPSG code (tests compare it with `gdalsrsinfo -o wkt_esri`).
 */
const CGCS2000 =
  'GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]'
const WGS84 =
  'GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]'
const WEB_MERCATOR =
  `PROJCS["WGS_1984_Web_Mercator_Auxiliary_Sphere",${WGS84},PROJECTION["Mercator_Auxiliary_Sphere"],PARAMETER["False_Easting",0.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",0.0],PARAMETER["Standard_Parallel_1",0.0],PARAMETER["Auxiliary_Sphere_Type",0.0],UNIT["Meter",1.0]]`

/** ESRI WKT for an EPSG code (4326 also serves CRS84), or undefined when OneMap has none. */
export function esriPrj(srid: number): string | undefined {
  if (srid === 4490) return CGCS2000
  if (srid === 4326) return WGS84
  if (srid === 3857) return WEB_MERCATOR
  const zone = gaussKrugerZone(srid)
  return zone && gaussKrugerPrj(zone)
}

interface GaussKrugerZone {
  name: string
  centralMeridian: number
  falseEasting: number
}

/** The CGCS2000 Gauss-Krüger zone of EPSG:4491–4554 (6° then 3° zones, each with and without zone prefix). */
function gaussKrugerZone(srid: number): GaussKrugerZone | undefined {
  if (srid >= 4491 && srid <= 4501) return zoneOf(srid - 4491, 6, 13, true)
  if (srid >= 4502 && srid <= 4512) return zoneOf(srid - 4502, 6, 13, false)
  if (srid >= 4513 && srid <= 4533) return zoneOf(srid - 4513, 3, 25, true)
  if (srid >= 4534 && srid <= 4554) return zoneOf(srid - 4534, 3, 25, false)
  return undefined
}

function zoneOf(index: number, width: 3 | 6, firstZone: number, prefixed: boolean): GaussKrugerZone {
  const centralMeridian = 75 + width * index
  const zone = firstZone + index
  const family = width === 3 ? 'CGCS2000_3_Degree_GK' : 'CGCS2000_GK'
  return prefixed
    ? { name: `${family}_Zone_${zone}`, centralMeridian, falseEasting: zone * 1_000_000 + 500_000 }
    : { name: `${family}_CM_${centralMeridian}E`, centralMeridian, falseEasting: 500_000 }
}

function gaussKrugerPrj(zone: GaussKrugerZone): string {
  const parameters: [string, number][] = [
    ['False_Easting', zone.falseEasting],
    ['False_Northing', 0],
    ['Central_Meridian', zone.centralMeridian],
    ['Scale_Factor', 1],
    ['Latitude_Of_Origin', 0],
  ]
  const params = parameters.map(([k, v]) => `PARAMETER["${k}",${v.toFixed(1)}]`).join(',')
  return `PROJCS["${zone.name}",${CGCS2000},PROJECTION["Gauss_Kruger"],${params},UNIT["Meter",1.0]]`
}
