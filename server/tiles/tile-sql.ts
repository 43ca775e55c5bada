import type { AttributeDef, AttributeType, GeometryType, LayerEntry } from '../catalog/catalog.types.js'
import { layerTable, quoteIdent } from '../catalog/sql-names.js'

/**
 * Tile SQL, one statement per layer and variant, built from catalog names only (quoted) and run
 * with the same typed parameters everywhere:
 *   $1 z, $2 x, $3 y, $4 extent, $5 margin (buffer ÷ extent), $6 feature cap,
 *   $7 simplification tolerance in metres, and for ST_AsMVT only $8 buffer, $9 MVT layer name.
 * The indexed geom_3857 is compared with the tile envelope (grown by the buffer), never transformed.
 */
export interface TileSqlOptions {
  /** 'mvt': ST_AsMVT in the database; 'geojson': clipped tile-space geometries for the Node encoder. */
  encoder: 'mvt' | 'geojson'
  /** Simplify lines and polygons before clipping (low zooms); false gives the unsimplified statement. */
  simplify: boolean
}

/** The attributes a layer's tiles carry: its tile_properties (style + identify), or all when unset. */
export function tileAttributes(layer: Pick<LayerEntry, 'attributes' | 'tile_properties'>): AttributeDef[] {
  if (!layer.tile_properties) return layer.attributes
  const byName = new Map(layer.attributes.map((a) => [a.name, a]))
  return layer.tile_properties.flatMap((name) => byName.get(name) ?? [])
}

/** A property value as both encoders write it: MVT has no numeric or date types, so those are cast. */
function propertyExpression(a: AttributeDef): string {
  const col = `t.${quoteIdent(a.name)}`
  const cast: Partial<Record<AttributeType, string>> = {
    decimal: `${col}::float8`,
    date: `to_char(${col}, 'YYYY-MM-DD')`,
    timestamp: `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`,
  }
  return `${cast[a.type] ?? col} AS ${quoteIdent(a.name)}`
}

function isPoint(type: GeometryType): boolean {
  return type === 'Point' || type === 'MultiPoint'
}

/** The stored Web Mercator geometry, simplified to the tolerance b.tol when asked (never points). */
function sourceGeometry(type: GeometryType, simplify: boolean): string {
  return simplify && !isPoint(type) ? 'ST_Simplify(t.geom_3857, b.tol, true)' : 't.geom_3857'
}

const BOUNDS_CTE = `bounds AS (
  SELECT e.tile, e.clip, $7::float8 AS tol,
         ST_XMin(e.tile) AS x0, ST_YMax(e.tile) AS y0, $4::float8 / (ST_XMax(e.tile) - ST_XMin(e.tile)) AS k
  FROM (SELECT ST_TileEnvelope($1::int, $2::int, $3::int) AS tile,
               ST_TileEnvelope($1::int, $2::int, $3::int, margin => $5::float8) AS clip) e
)`

function fromWhere(layerId: string): string {
  return `FROM ${layerTable(layerId)} t, bounds b
    WHERE t.geom_3857 && b.clip`
}

/** PostGIS: clip, snap and encode in the database; one bytea for the layer (empty when no features). */
function mvtSql(layer: LayerEntry, simplify: boolean): string {
  const props = tileAttributes(layer).map(propertyExpression)
  return `WITH ${BOUNDS_CTE}
SELECT ST_AsMVT(f, $9::text, $4::int, 'geom', 'fid') AS mvt
FROM (
  SELECT t.fid, ${[...props, `ST_AsMVTGeom(${sourceGeometry(layer.geometry_type, simplify)}, b.tile, $4::int, $8::int, true) AS geom`].join(',\n    ')}
  ${fromWhere(layer.id)}
  LIMIT $6::int
) f
WHERE f.geom IS NOT NULL`
}

/**
 * What ST_AsMVTGeom does, in plain PostGIS: clip to the buffered tile, move to tile coordinates,
 * snap to the integer grid, drop repeated and collinear points (simplify with tolerance 0), and
 * repair polygons that self-touch after snapping, keeping only the geometry type of the layer.
 */
function tileSpaceGeometry(type: GeometryType, simplify: boolean): string {
  const clipped = `ST_ClipByBox2D(${sourceGeometry(type, simplify)}, b.clip)`
  const snapped = `ST_RemoveRepeatedPoints(ST_SnapToGrid(ST_TransScale(${clipped}, -b.x0, -b.y0, b.k, -b.k), 1))`
  if (isPoint(type)) return snapped
  if (type.endsWith('LineString')) return `ST_CollectionExtract(ST_Simplify(${snapped}, 0, true), 2)`
  return `ST_CollectionExtract(ST_MakeValid(ST_Simplify(${snapped}, 0, true)), 3)`
}

/**
 * Embedded PGlite (no protobuf): the same clipped, simplified, snapped geometry in tile coordinates
 * (y down, integers), as GeoJSON for the Node encoder; ring winding is fixed there.
 */
function geojsonSql(layer: LayerEntry, simplify: boolean): string {
  const props = tileAttributes(layer).map(propertyExpression)
  const names = tileAttributes(layer).map((a) => `f.${quoteIdent(a.name)}`)
  return `WITH ${BOUNDS_CTE}
SELECT ${['f.fid', ...names, 'ST_AsGeoJSON(f.geom, 0) AS geojson'].join(', ')}
FROM (
  SELECT t.fid, ${[...props, `${tileSpaceGeometry(layer.geometry_type, simplify)} AS geom`].join(',\n    ')}
  ${fromWhere(layer.id)}
  LIMIT $6::int
) f
WHERE f.geom IS NOT NULL AND NOT ST_IsEmpty(f.geom)`
}

const memo = new Map<string, string>()
const MEMO_MAX = 1000

/** What a layer's tile statements and cache stamp are built from; compared by reference. */
type ShapeInputs = [string, GeometryType, AttributeDef[], string[] | null]

interface LayerMemo {
  inputs: ShapeInputs
  /** JSON of the inputs: the key of the shared statement memo and of the stamp's shape hash. */
  key: string
  attributes: AttributeDef[]
  statements: Map<string, string>
  /** Hash of geometry type and tile attributes, part of the cache stamp (see layerStamp). */
  shapeHash?: string
  /** The last stamp made from this object, with the catalog values it was made from. */
  stamp?: { createdAt: string; dataVersion: number; value: string }
}

/**
 * Per catalog object, so the tile hot path does not rebuild JSON keys on every request (the tile
 * catalog hands out the same objects for TILE_CATALOG_TTL_MS). An object whose inputs were replaced
 * since is recomputed; a memo never changes what is built, only how often.
 */
const byLayer = new WeakMap<LayerEntry, LayerMemo>()

function sameInputs(a: ShapeInputs, b: ShapeInputs): boolean {
  return a[0] === b[0] && a[1] === b[1] && a[2] === b[2] && a[3] === b[3]
}

/** The memo of a layer object: its tile attributes, its statements by variant, its shape hash. */
export function layerMemo(layer: LayerEntry): LayerMemo {
  const inputs: ShapeInputs = [layer.id, layer.geometry_type, layer.attributes, layer.tile_properties]
  const known = byLayer.get(layer)
  if (known && sameInputs(known.inputs, inputs)) return known
  const attributes = tileAttributes(layer)
  const fresh: LayerMemo = { inputs, key: JSON.stringify([layer.id, layer.geometry_type, attributes]), attributes, statements: new Map() }
  byLayer.set(layer, fresh)
  return fresh
}

/**
 * The tile statement for a layer, built once per layer shape and variant and reused. The memos are
 * pure function caches (their keys hold every input), so they never affect correctness.
 */
export function layerTileSql(layer: LayerEntry, options: TileSqlOptions): string {
  const own = layerMemo(layer)
  const variant = `${options.encoder}:${options.simplify}`
  const known = own.statements.get(variant)
  if (known !== undefined) return known
  const key = `${own.key}:${variant}`
  let sql = memo.get(key)
  if (sql === undefined) {
    sql = options.encoder === 'mvt' ? mvtSql(layer, options.simplify) : geojsonSql(layer, options.simplify)
    if (memo.size >= MEMO_MAX) memo.clear()
    memo.set(key, sql)
  }
  own.statements.set(variant, sql)
  return sql
}
