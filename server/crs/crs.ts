import { BadRequestError } from '../errors/problem.js'

/** A coordinate reference system OneMap can read and write. */
export interface CrsInfo {
  /** PostGIS SRID. CRS84 uses 4326 storage with longitude-first order. */
  srid: number
  /** OGC URI, e.g. http://www.opengis.net/def/crs/EPSG/0/4490. */
  uri: string
  title: string
  /**
   * True when the CRS's first axis is northing/latitude (EPSG:4326, 4490 and every CGCS2000
   * Gauss-Krüger zone). OGC API Part 2 outputs coordinates in that order; GeoJSON/RFC 7946 does not.
   */
  northFirst: boolean
  projected: boolean
}

export const CRS84_URI = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84'
const EPSG_PREFIX = 'http://www.opengis.net/def/crs/EPSG/0/'

function epsg(srid: number, title: string, northFirst: boolean, projected: boolean): CrsInfo {
  return { srid, uri: EPSG_PREFIX + srid, title, northFirst, projected }
}

/** CGCS2000 Gauss-Krüger zones: 6° EPSG:4491–4512 and 3° EPSG:4513–4554, with and without zone prefix. */
function gaussKrugerZones(): CrsInfo[] {
  const list: CrsInfo[] = []
  for (let i = 0; i < 11; i++) {
    const cm = 75 + 6 * i
    list.push(epsg(4491 + i, `CGCS2000 / Gauss-Kruger zone ${13 + i}`, true, true))
    list.push(epsg(4502 + i, `CGCS2000 / Gauss-Kruger CM ${cm}E`, true, true))
  }
  for (let i = 0; i < 21; i++) {
    const cm = 75 + 3 * i
    list.push(epsg(4513 + i, `CGCS2000 / 3-degree Gauss-Kruger zone ${25 + i}`, true, true))
    list.push(epsg(4534 + i, `CGCS2000 / 3-degree Gauss-Kruger CM ${cm}E`, true, true))
  }
  return list.sort((a, b) => a.srid - b.srid)
}

/** Every CRS offered for output and accepted for input, CRS84 first (the OGC default). */
export const SUPPORTED_CRS: readonly CrsInfo[] = [
  { srid: 4326, uri: CRS84_URI, title: 'WGS 84 longitude/latitude (CRS84)', northFirst: false, projected: false },
  epsg(4490, 'China Geodetic Coordinate System 2000 (CGCS2000)', true, false),
  epsg(4326, 'WGS 84', true, false),
  epsg(3857, 'WGS 84 / Pseudo-Mercator', false, true),
  ...gaussKrugerZones(),
]

const BY_URI = new Map(SUPPORTED_CRS.map((c) => [c.uri, c]))

/**
 * Parse a CRS as given by a client: an OGC URI, `EPSG:nnnn`, `[EPSG:nnnn]` (safe CURIE) or `CRS84`.
 * Throws a 400 naming the supported systems when it is not one of them.
 */
export function parseCrs(value: string): CrsInfo {
  const text = value.trim()
  const direct = BY_URI.get(text) ?? BY_URI.get(text.replace(/^https:/, 'http:'))
  if (direct) return direct
  if (/^\[?(OGC:)?CRS84\]?$/i.test(text)) return SUPPORTED_CRS[0]!
  const code = /^\[?EPSG:(\d+)\]?$/i.exec(text)?.[1] ?? /^https?:\/\/www\.opengis\.net\/def\/crs\/EPSG\/[^/]+\/(\d+)$/.exec(text)?.[1]
  const found = code ? BY_URI.get(EPSG_PREFIX + code) : undefined
  if (found) return found
  throw new BadRequestError(
    `Unsupported coordinate reference system "${value}". Use CRS84, EPSG:4326, EPSG:4490, EPSG:3857 or a CGCS2000 Gauss-Krüger zone EPSG:4491–4554, as an OGC URI such as ${EPSG_PREFIX}4490.`,
  )
}

/** The CRS for an SRID (EPSG form; 4326 gives EPSG:4326 with latitude first, not CRS84). */
export function crsForSrid(srid: number): CrsInfo | undefined {
  return BY_URI.get(EPSG_PREFIX + srid)
}

/** Storage CRS of every layer table. */
export const STORAGE_CRS: CrsInfo = crsForSrid(4490)!
