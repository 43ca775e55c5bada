import type { Geometry, Position } from 'geojson'
import { crsForSrid } from '../crs/crs.js'
import { bind, expectKind, predicate, type Cql2SqlContext, type OperatorHandler, type SqlValue } from './context.js'
import { Cql2Error } from './errors.js'
import type { Cql2Bbox } from './types.js'

const PREDICATES: Record<string, string> = {
  s_intersects: 'ST_Intersects', s_equals: 'ST_Equals', s_disjoint: 'ST_Disjoint', s_touches: 'ST_Touches',
  s_within: 'ST_Within', s_overlaps: 'ST_Overlaps', s_crosses: 'ST_Crosses', s_contains: 'ST_Contains',
}

/**
 * S_* functions. The column goes to PostGIS as it is, so its GiST index is used; literals are
 * brought to the storage CRS instead (STYLE §2).
 */
const spatialPredicate: OperatorHandler = (op, args, t) => {
  const [a, b] = args.map((arg) => expectKind(t.value(arg), 'geometry', op.toUpperCase()))
  return predicate(`${PREDICATES[op]}(${a.sql}, ${b.sql})`, `${op.toUpperCase()}(…)`)
}

export const SPATIAL_HANDLERS: ReadonlyMap<string, OperatorHandler> = new Map(Object.keys(PREDICATES).map((op) => [op, spatialPredicate]))

/** A geometry or BBOX literal as SQL in the storage CRS, its coordinates bound as one GeoJSON parameter. */
export function geometryLiteral(node: Geometry | Cql2Bbox, ctx: Cql2SqlContext): SqlValue {
  const geographic = crsForSrid(ctx.filterSrid)?.projected === false
  const geometry = 'bbox' in node && !('type' in node) ? bboxGeometry(node.bbox, ctx.filterNorthFirst, geographic) : mapPositions(node as Geometry, (p) => lonLatOrder(p, ctx.filterNorthFirst))
  if (geographic) mapPositions(geometry, checkGeographic)
  let sql = `ST_SetSRID(ST_GeomFromGeoJSON(${bind(ctx, JSON.stringify(geometry), 'text')}), ${srid(ctx.filterSrid)})`
  if (ctx.filterSrid !== ctx.storageSrid) sql = `ST_Transform(${sql}, ${srid(ctx.storageSrid)})`
  return { sql, kind: 'geometry', label: 'bbox' in node ? 'a BBOX' : `a ${geometry.type}` }
}

function srid(value: number): number {
  if (!Number.isInteger(value) || value <= 0) throw new Error(`Invalid SRID ${value} in the CQL2 context`)
  return value
}

/** x, y in easting/longitude-first order, heights dropped (layers are 2D). */
function lonLatOrder(p: Position, northFirst: boolean): Position {
  return northFirst ? [p[1], p[0]] : [p[0], p[1]]
}

function checkGeographic(p: Position): Position {
  const [lon, lat] = p
  if (lon < -180 || lon > 180 || lat < -90 || lat > 90) {
    throw new Cql2Error(
      `The coordinate (${lon} ${lat}) is not on the globe: longitude must be within -180…180 and latitude within -90…90 ` +
        '(CRS84 literals are longitude first; with filter-crs EPSG:4326 or EPSG:4490, latitude first).',
    )
  }
  return p
}

/** Apply `f` to every position of a geometry, returning a new geometry. */
function mapPositions(g: Geometry, f: (p: Position) => Position): Geometry {
  switch (g.type) {
    case 'Point': return { type: g.type, coordinates: f(g.coordinates) }
    case 'LineString': case 'MultiPoint': return { type: g.type, coordinates: g.coordinates.map(f) }
    case 'Polygon': case 'MultiLineString': return { type: g.type, coordinates: g.coordinates.map((l) => l.map(f)) }
    case 'MultiPolygon': return { type: g.type, coordinates: g.coordinates.map((p) => p.map((l) => l.map(f))) }
    case 'GeometryCollection': return { type: g.type, geometries: g.geometries.map((m) => mapPositions(m, f)) }
  }
}

/**
 * BBOX as a polygon; in a geographic CRS a box whose west edge is east of its east edge crosses
 * the antimeridian and becomes two polygons.
 */
function bboxGeometry(bbox: number[], northFirst: boolean, geographic: boolean): Geometry {
  const corners = bbox.length === 6 ? [bbox[0], bbox[1], bbox[3], bbox[4]] : bbox
  const [w, s] = lonLatOrder([corners[0], corners[1]], northFirst)
  const [e, n] = lonLatOrder([corners[2], corners[3]], northFirst)
  if (s > n) throw new Cql2Error(`BBOX south edge ${s} is north of its north edge ${n}; give the lower corner first.`)
  if (w <= e) return { type: 'Polygon', coordinates: [box(w, s, e, n)] }
  if (!geographic) throw new Cql2Error(`BBOX west edge ${w} is east of its east edge ${e}; give the lower corner first.`)
  return { type: 'MultiPolygon', coordinates: [[box(w, s, 180, n)], [box(-180, s, e, n)]] }
}

function box(w: number, s: number, e: number, n: number): Position[] {
  return [[w, s], [e, s], [e, n], [w, n], [w, s]]
}
