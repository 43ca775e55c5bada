import type { AttributeDef, LayerEntry } from '../catalog/catalog.types.js'
import { quoteIdent } from '../catalog/sql-names.js'
import { SUPPORTED_CRS, STORAGE_CRS, type CrsInfo } from '../crs/crs.js'
import type { FeatureQueryOptions } from './feature-query.types.js'
import { sqlStringLiteral } from './sql-values.js'

/** The alias of the layer table in every feature query. */
export const TABLE_ALIAS = 't'
/** The stored geometry column (EPSG:4490). */
export const GEOMETRY_COLUMN = `${TABLE_ALIAS}.geom`

/** json_build_object takes at most 100 arguments, i.e. 50 key/value pairs. */
const MAX_JSON_PAIRS = 50

/** The SQL expression of an attribute column, always quoted; names come only from the catalog. */
export function columnOf(name: string): string {
  return `${TABLE_ALIAS}.${quoteIdent(name)}`
}

/** The attributes to output, in the order asked for (all of them when `properties` is absent). */
export function selectedAttributes(layer: LayerEntry, properties?: string[]): AttributeDef[] {
  if (!properties) return layer.attributes
  const byName = new Map(layer.attributes.map((a) => [a.name, a]))
  return properties.map((name) => byName.get(name)).filter((a): a is AttributeDef => a !== undefined)
}

/**
 * The stored geometry in the output CRS. PostGIS keeps x = east; for a north-first CRS (EPSG:4326,
 * 4490, the Gauss-Krüger zones) OGC API Part 2 wants the CRS's own axis order, hence the flip.
 */
export function sqlOutputGeometry(crs: CrsInfo = SUPPORTED_CRS[0]!, eastNorth = false): string {
  let geometry = GEOMETRY_COLUMN
  if (crs.srid !== STORAGE_CRS.srid) geometry = `ST_Transform(${geometry}, ${Number(crs.srid)})`
  if (crs.northFirst && !eastNorth) geometry = `ST_FlipCoordinates(${geometry})`
  return geometry
}

/** Digits after the decimal point: 1e-9° is about 0.1 mm, and so is 1e-4 m. */
export function coordinatePrecision(crs: CrsInfo = SUPPORTED_CRS[0]!): number {
  return crs.projected ? 4 : 9
}

/** GeoJSON geometry text of the output geometry (NULL for a feature without geometry). */
export function sqlGeometryJson(options: FeatureQueryOptions): string {
  if (options.skipGeometry) return 'NULL::text'
  return `ST_AsGeoJSON(${sqlOutputGeometry(options.outputCrs, options.eastNorth)}, ${coordinatePrecision(options.outputCrs)})`
}

/**
 * A JSON object of the given attributes, keys in that order. Beyond 50 attributes json_build_object
 * cannot take them all, so a row subquery keeps the order instead.
 */
export function sqlPropertiesJson(attributes: AttributeDef[]): string {
  if (attributes.length <= MAX_JSON_PAIRS) {
    return `json_build_object(${attributes.map((a) => `${sqlStringLiteral(a.name)}, ${columnOf(a.name)}`).join(', ')})`
  }
  const columns = attributes.map((a) => `${columnOf(a.name)} AS ${quoteIdent(a.name)}`).join(', ')
  return `(SELECT row_to_json(p) FROM (SELECT ${columns}) AS p)`
}

/** SELECT list for GeoJSON Feature text, one column `feature`: what /items streams as is. Needs sqlFeatureRow. */
export const SELECT_FEATURE = 'SELECT row_to_json(f)::text AS feature'

/**
 * FROM-list items that make `f` one GeoJSON Feature as a row: type, id, geometry in the output CRS,
 * properties (the selected attributes, in order). PostgreSQL folds them into plain expressions, and
 * row_to_json writes compact JSON faster than json_build_object, which puts a space around every
 * colon and after every comma (a tenth of a page's bytes).
 */
export function sqlFeatureRow(layer: LayerEntry, options: FeatureQueryOptions): string {
  const columns = selectedAttributes(layer, options.properties).map((a) => `${columnOf(a.name)} AS ${quoteIdent(a.name)}`)
  return [
    `LATERAL (SELECT ${columns.join(', ')}) AS p`,
    `LATERAL (SELECT 'Feature' AS type, ${TABLE_ALIAS}.fid AS id, ${sqlGeometryJson(options)}::json AS geometry, p AS properties) AS f`,
  ].join(',\n  ')
}

/** SELECT list for rows {id, properties (object), geometry (GeoJSON text)}: for exports and HTML. */
export function sqlSelectRow(layer: LayerEntry, options: FeatureQueryOptions): string {
  const properties = sqlPropertiesJson(selectedAttributes(layer, options.properties))
  return `SELECT ${TABLE_ALIAS}.fid AS id, ${properties} AS properties, ${sqlGeometryJson(options)} AS geometry`
}
