import type { AttributeDef } from '../../catalog/catalog.types.js'
import type { FeatureIssue, Geometry, ImportPlan } from '../import.types.js'
import { DbfReader, dbfAttributeType } from '../read/dbf-reader.js'
import { readGeoJson } from '../read/geojson-source.js'
import { GeoPackage } from '../read/gpkg-source.js'
import { ShpReader } from '../read/shp-reader.js'
import { makeDecoder } from '../read/text-decoder.js'

/** One source feature with its values in target-column order; `values` null marks a deleted .dbf record. */
export interface LoadRow {
  index: number
  values: unknown[] | null
  geometry: Geometry | null
  issues: FeatureIssue[]
}

/** For each target attribute, the position of its source field (-1: not in the source, stays null). */
export function sourcePositions(plan: ImportPlan, attributes: AttributeDef[]): number[] {
  return attributes.map((a) => plan.fields.findIndex((f) => f.column.toLowerCase() === a.name.toLowerCase()))
}

export function pick(values: unknown[], positions: number[], attributes: AttributeDef[]): unknown[] {
  return positions.map((p, i) => (p < 0 ? null : columnValue(values[p], attributes[i]!.type)))
}

/** A value as the column's type expects it; JSON objects and arrays become text. */
export function columnValue(v: unknown, type: AttributeDef['type']): unknown {
  if (v === null || v === undefined || (v === '' && type !== 'text')) return null
  if (type === 'text') return typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v)
  if (type === 'boolean' && typeof v === 'number') return v !== 0
  if ((type === 'integer' || type === 'bigint' || type === 'number' || type === 'decimal') && typeof v === 'boolean') return v ? 1 : 0
  if (typeof v === 'object') return JSON.stringify(v)
  return v
}

async function* shapefileRows(plan: ImportPlan, positions: number[], attributes: AttributeDef[]): AsyncGenerator<LoadRow> {
  const shp = await ShpReader.open(plan.files.main, plan.files.shx!)
  const dbf = await DbfReader.open(plan.files.dbf!)
  try {
    const records = dbf.records(makeDecoder(plan.encoding!.name), dbf.header.fields.map(dbfAttributeType))
    for await (const shape of shp.records()) {
      const values = (await records.next()).value as unknown[] | null
      yield { index: shape.index, values: values && pick(values, positions, attributes), geometry: shape.geometry, issues: shape.issues }
    }
  } finally {
    await Promise.all([shp.close(), dbf.close()])
  }
}

async function* geoJsonRows(plan: ImportPlan, positions: number[], attributes: AttributeDef[]): AsyncGenerator<LoadRow> {
  const names = plan.fields.map((f) => f.source)
  for await (const f of readGeoJson(plan.files)) {
    const values = names.map((n) => f.properties[n])
    yield { index: f.index, values: pick(values, positions, attributes), geometry: f.geometry, issues: f.issues ?? [] }
  }
}

async function* geoPackageRows(plan: ImportPlan, positions: number[], attributes: AttributeDef[]): AsyncGenerator<LoadRow> {
  const gpkg = GeoPackage.open(plan.files.main)
  try {
    const layer = gpkg.describe(plan.request.entry!)
    const names = plan.fields.map((f) => f.source)
    for await (const f of gpkg.features(layer)) {
      const values = names.map((n) => f.properties[n])
      yield { index: f.index, values: pick(values, positions, attributes), geometry: f.geometry, issues: f.issues ?? [] }
    }
  } finally {
    gpkg.close()
  }
}

/** Stream the source's features as rows for `attributes` (the target table's columns). */
export function readRows(plan: ImportPlan, attributes: AttributeDef[]): AsyncGenerator<LoadRow> {
  const positions = sourcePositions(plan, attributes)
  if (plan.files.format === 'shapefile') return shapefileRows(plan, positions, attributes)
  return plan.files.format === 'geopackage' ? geoPackageRows(plan, positions, attributes) : geoJsonRows(plan, positions, attributes)
}
