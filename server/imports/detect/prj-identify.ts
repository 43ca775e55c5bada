import { ImportInputError } from '../import-errors.js'
import { gkSridFor } from './gauss-kruger-zones.js'
import { child, children, nameOf, numberAt, parseWkt, type WktNode } from './wkt.js'

/** What a .prj says, once identified to an EPSG code by its parameters. */
export interface PrjIdentity {
  srid: number
  /** The name the file gave, for the report. */
  name: string
}

const SUPPORTED = 'CGCS2000 (EPSG:4490) and its Gauss-Krüger zones (EPSG:4491–4554), WGS 84 (EPSG:4326) and Web Mercator (EPSG:3857)'
const key = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '')
const near = (a: number, b: number, tolerance = 1e-6) => Math.abs(a - b) <= tolerance

type Datum = 'cgcs2000' | 'wgs84'

/** The datum of a geographic CRS node, by its ellipsoid and name; throws for known unsupported ones. */
function datumOf(geog: WktNode, fileName: string): Datum {
  const datum = child(geog, 'DATUM', 'GEODETICDATUM', 'TRF', 'ENSEMBLE')
  const ellipsoid = datum && child(datum, 'SPHEROID', 'ELLIPSOID')
  const a = numberAt(ellipsoid, 1), rf = numberAt(ellipsoid, 2)
  const name = `${nameOf(datum)} ${nameOf(geog)}`
  if (near(a, 6378137, 1e-3) && near(rf, 298.257222101, 1e-6) && /china.?(geodetic.?)?(coordinate.?system.?)?2000|cgcs.?2000/i.test(name)) return 'cgcs2000'
  if (near(a, 6378137, 1e-3) && near(rf, 298.257223563, 1e-6) && /wgs.?(19)?84/i.test(name)) return 'wgs84'
  if (near(a, 6378140, 1e-3) || /xi.?an.?1980/i.test(name)) throw legacyDatum(fileName, "Xi'an 1980")
  if (near(a, 6378245, 1e-3) || /beijing.?1954/i.test(name)) throw legacyDatum(fileName, 'Beijing 1954')
  throw new ImportInputError(`${fileName} uses the datum "${nameOf(datum) || 'unnamed'}" (ellipsoid a=${a}, 1/f=${rf}), which OneMap cannot convert. Supported: ${SUPPORTED}. Convert the data to CGCS2000 first, or pass --srs if the .prj is wrong.`)
}

function legacyDatum(fileName: string, datum: string): ImportInputError {
  return new ImportInputError(`${fileName} describes a ${datum} coordinate system. OneMap stores CGCS2000, and converting from ${datum} needs your province's transformation parameters, which are not public: convert the data to CGCS2000 first (ArcGIS, QGIS or the surveying software, with the official 7-parameter set).`)
}

/** PARAMETER["name", value] pairs with normalised names (ESRI, WKT1 and WKT2 spellings). */
function parameters(proj: WktNode): Map<string, number> {
  const out = new Map<string, number>()
  const conversion = child(proj, 'CONVERSION') ?? proj
  for (const p of children(conversion, 'PARAMETER')) out.set(key(nameOf(p)), numberAt(p, 1))
  return out
}

function param(params: Map<string, number>, ...names: string[]): number {
  for (const n of names) if (params.has(n)) return params.get(n)!
  return NaN
}

function methodOf(proj: WktNode): string {
  const conversion = child(proj, 'CONVERSION')
  return key(nameOf(conversion ? child(conversion, 'METHOD') : child(proj, 'PROJECTION')))
}

function linearUnit(proj: WktNode): number {
  const unit = child(proj, 'UNIT', 'LENGTHUNIT') ?? child(child(proj, 'CS') ?? proj, 'LENGTHUNIT')
  return unit ? numberAt(unit, 1) : 1
}

function identifyTransverseMercator(proj: WktNode, params: Map<string, number>, fileName: string): number {
  const cm = param(params, 'centralmeridian', 'longitudeofnaturalorigin', 'longitudeoforigin')
  const fe = param(params, 'falseeasting'), fn = param(params, 'falsenorthing')
  const k = param(params, 'scalefactor', 'scalefactoratnaturalorigin')
  const lat0 = param(params, 'latitudeoforigin', 'latitudeofnaturalorigin')
  const srid = near(k, 1) && near(lat0 || 0, 0) && near(fn || 0, 0) && near(linearUnit(proj), 1) ? gkSridFor(cm, fe, nameOf(proj)) : undefined
  if (srid) return srid
  throw new ImportInputError(`${fileName} describes a Transverse Mercator projection (central meridian ${cm}°, false easting ${fe}, scale ${k}, unit ${linearUnit(proj)} m) that is not one of the CGCS2000 Gauss-Krüger zones EPSG:4491–4554. Check the .prj, or pass --srs with the right zone.`)
}

function isWebMercator(proj: WktNode, method: string): boolean {
  if (method === 'mercatorauxiliarysphere' || method === 'popularvisualisationpseudomercator') return true
  const extension = children(proj, 'EXTENSION').map((e) => String(e.args[1] ?? '')).join(' ')
  return method.startsWith('mercator') && /\+a=6378137\b.*\+b=6378137\b/.test(extension)
}

function identifyProjected(proj: WktNode, fileName: string): number {
  const geog = child(proj, 'GEOGCS', 'BASEGEOGCRS', 'BASEGEODCRS', 'GEOGCRS')
  const method = methodOf(proj)
  if (geog && isWebMercator(proj, method)) return 3857
  const datum = geog ? datumOf(geog, fileName) : undefined
  if (datum === 'cgcs2000' && (method === 'gausskruger' || method === 'transversemercator')) return identifyTransverseMercator(proj, parameters(proj), fileName)
  throw new ImportInputError(`${fileName} describes "${nameOf(proj)}" (projection ${method || 'unknown'}), which OneMap cannot use. Supported: ${SUPPORTED}. Convert the data, or pass --srs if the .prj is wrong.`)
}

/**
 * Identify a .prj to an EPSG code by datum and projection parameters (central meridian, false
 * easting, scale), never by its name. Returns null when the text is not a CRS definition at all
 * (e.g. an HTML page saved as .prj); throws a 422 for a CRS OneMap cannot use.
 */
export function identifyPrj(text: string, fileName: string): PrjIdentity | null {
  let node = parseWkt(text)
  if (!node) return null
  if (node.keyword === 'COMPD_CS' || node.keyword === 'COMPOUNDCRS') node = node.args.find((a): a is WktNode => typeof a === 'object') ?? node
  const name = nameOf(node)
  if (['PROJCS', 'PROJCRS', 'PROJECTEDCRS'].includes(node.keyword)) return { srid: identifyProjected(node, fileName), name }
  if (['GEOGCS', 'GEOGCRS', 'GEODCRS', 'GEOGRAPHICCRS'].includes(node.keyword)) return { srid: datumOf(node, fileName) === 'cgcs2000' ? 4490 : 4326, name }
  return null
}
