import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { AttributeDef, AttributeType, GeometryType } from '../server/catalog/catalog.types.js'
import { insertFeatures, type FeatureRow } from '../server/catalog/feature-writer.js'
import { createLayerTable, dropLayer, indexLayerTable, refreshLayerStats, registerLayer } from '../server/catalog/layer-table.js'
import { layerTable } from '../server/catalog/sql-names.js'
import { cql2PropertiesFromAttributes, cql2ToSql, type Cql2Expression, type Cql2SqlContext } from '../server/cql2/index.js'
import type { Database } from '../server/db/database.js'
import { uniqueLayerId } from './helpers/test-db.js'

// The OGC CQL2 abstract test suite data (third-party, read where it lies; see its README).
export const ATS_DIR = fileURLToPath(new URL('../../shared/testdata/ogc-cql2-ats/', import.meta.url))
const GPKG = `${ATS_DIR}data/ne110m4cql2.gpkg`

export const ATS_COLLECTIONS = ['ne_110m_admin_0_countries', 'ne_110m_populated_places_simple', 'ne_110m_rivers_lake_centerlines'] as const

/** One row of expected_counts.tsv. */
export interface AtsCase {
  conformanceClass: string
  collection: string
  filter: string
  expected: number
}

export function readAtsCases(): AtsCase[] {
  const lines = readFileSync(`${ATS_DIR}expected_counts.tsv`, 'utf8').split('\n').slice(1).filter((l) => l.trim() !== '')
  return lines.map((line) => {
    const [conformanceClass, , collection, filter, expected] = line.split('\t')
    return { conformanceClass, collection, filter, expected: Number(expected) }
  })
}

/** A test collection loaded as an ordinary OneMap layer. */
export interface AtsLayer {
  id: string
  attributes: AttributeDef[]
  total: number
}

// GeoPackage field types as ogrinfo prints them → OneMap attribute types.
const FIELD_TYPES: Record<string, AttributeType> = {
  String: 'text', Integer: 'integer', 'Integer(Boolean)': 'boolean', Integer64: 'bigint', Real: 'number', Date: 'date', DateTime: 'timestamp',
}

const GEOMETRY_TYPES: Record<string, GeometryType> = {
  Point: 'Point', 'Multi Point': 'MultiPoint', 'Line String': 'LineString', 'Multi Line String': 'MultiLineString', Polygon: 'Polygon', 'Multi Polygon': 'MultiPolygon',
}

/** The layer's schema from `ogrinfo -so` (its text form: `-json` needs GDAL ≥ 3.7). */
export function readSchema(collection: string): { geometryType: GeometryType; attributes: AttributeDef[] } {
  const info = execFileSync('ogrinfo', ['-so', '-nomd', GPKG, collection], { encoding: 'utf8' })
  const geometryType = GEOMETRY_TYPES[/^Geometry: (.+)$/m.exec(info)![1].trim()]
  const fields = info.slice(info.indexOf('Geometry Column ='))
  const attributes = [...fields.matchAll(/^([^:\s]+): (\w+(?:\(\w+\))?) \(/gm)].map(([, name, type]) => {
    if (!FIELD_TYPES[type]) throw new Error(`ATS field ${collection}.${name} has unmapped type ${type}`)
    return { name, type: FIELD_TYPES[type] }
  })
  return { geometryType, attributes }
}

/**
 * Features via GDAL as GeoJSON with 17 significant digits, so every coordinate is the GeoPackage's
 * double exactly (the S_TOUCHES cases need exact vertices). GeoPackage timestamps carry no zone: UTC.
 */
function readFeatures(collection: string, attributes: AttributeDef[]): FeatureRow[] {
  const args = ['-f', 'GeoJSON', '-lco', 'RFC7946=NO', '-lco', 'SIGNIFICANT_FIGURES=17', '/vsistdout/', GPKG, collection]
  const out = execFileSync('ogr2ogr', args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, stdio: ['ignore', 'pipe', 'ignore'] })
  const timestamps = attributes.filter((a) => a.type === 'timestamp').map((a) => a.name)
  return (JSON.parse(out).features as { properties: Record<string, unknown>; geometry: unknown }[]).map((feature) => {
    for (const name of timestamps) {
      const v = feature.properties[name]
      if (typeof v === 'string' && !/(Z|[+-]\d\d:?\d\d)$/.test(v)) feature.properties[name] = `${v}Z`
    }
    return { properties: feature.properties, geometry: feature.geometry ? JSON.stringify(feature.geometry) : null }
  })
}

/** Load one ATS collection into a fresh layer table, the way any import would. */
export async function loadAtsLayer(db: Database, collection: string): Promise<AtsLayer> {
  const { geometryType, attributes } = readSchema(collection)
  const rows = readFeatures(collection, attributes)
  const id = uniqueLayerId('cql2ats')
  await db.transaction(async (tx) => {
    await createLayerTable(tx, { id, geometry_type: geometryType, attributes })
    await insertFeatures(tx, id, attributes, rows, { srid: 4326, geometryType })
    await indexLayerTable(tx, id)
    await registerLayer(tx, { id, title_zh: collection, title_en: collection, kind: 'thematic', geometry_type: geometryType, attributes, source: 'OGC CQL2 ATS' })
    await refreshLayerStats(tx, id)
  })
  return { id, attributes, total: rows.length }
}

export async function loadAtsLayers(db: Database): Promise<Map<string, AtsLayer>> {
  const layers = new Map<string, AtsLayer>()
  for (const collection of ATS_COLLECTIONS) layers.set(collection, await loadAtsLayer(db, collection))
  return layers
}

export async function dropAtsLayers(db: Database, layers: Map<string, AtsLayer>): Promise<void> {
  for (const layer of layers.values()) await db.transaction((tx) => dropLayer(tx, layer.id))
}

/** The translation context an OGC collection would build: the layer's attributes plus "geom" (the ATS geometry queryable). */
export function atsContext(layer: AtsLayer): Cql2SqlContext {
  return {
    properties: cql2PropertiesFromAttributes(layer.attributes, 'geom'),
    geometryColumn: '"geom"',
    storageSrid: 4490,
    filterSrid: 4326,
    filterNorthFirst: false,
    params: [],
  }
}

/** fids of the features a filter selects, in order. */
export async function selectFids(db: Database, layer: AtsLayer, expr: Cql2Expression): Promise<number[]> {
  const ctx = atsContext(layer)
  const where = cql2ToSql(expr, ctx)
  const { rows } = await db.query<{ fid: number }>(`SELECT fid FROM ${layerTable(layer.id)} WHERE ${where} ORDER BY fid`, ctx.params)
  return rows.map((r) => r.fid)
}

export async function countMatches(db: Database, layer: AtsLayer, expr: Cql2Expression): Promise<number> {
  const ctx = atsContext(layer)
  const where = cql2ToSql(expr, ctx)
  const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${layerTable(layer.id)} WHERE ${where}`, ctx.params)
  return rows[0].n
}
