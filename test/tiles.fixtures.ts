import { createFixtureLayer } from './helpers/fixture-layer.js'
import type { Database } from '../server/db/database.js'
import type { AttributeDef } from '../server/catalog/catalog.types.js'
import type { LayerSpec } from '../server/catalog/layer-table.js'
import type { FeatureRow } from '../server/catalog/feature-writer.js'

/** Fixture layers for the tile tests, one per edge case, all in one catalog group of their own. */
export interface TileFixtures {
  group: string
  /** 10 × 10 points 0.01° apart from (106.20, 38.40); tile properties exclude SECRET. */
  points: string
  /** Five east-west lines 106.0–106.5°E, visible from zoom 12 (min_zoom). */
  lines: string
  /** A 0.1° square with a 0.04° hole, crossing z12 tile borders. */
  holes: string
  /** One polygon with HUGE_VERTICES vertices (a wavy circle), the big-polygon case. */
  huge: string
  /** A layer without features. */
  empty: string
}

export const POINT_ATTRIBUTES: AttributeDef[] = [
  { name: 'NAME', type: 'text' },
  { name: 'CODE', type: 'integer' },
  { name: 'FLAG', type: 'boolean' },
  { name: 'SCORE', type: 'decimal' },
  { name: 'DAY', type: 'date' },
  { name: 'SEEN', type: 'timestamp' },
  { name: 'SECRET', type: 'text' },
]
export const POINT_TILE_PROPERTIES = ['NAME', 'CODE', 'FLAG', 'SCORE', 'DAY', 'SEEN']
export const HUGE_VERTICES = 20000

export const pointLonLat = (i: number): [number, number] => [106.2 + (i % 10) * 0.01, 38.4 + Math.floor(i / 10) * 0.01]

function pointRows(): FeatureRow[] {
  return Array.from({ length: 100 }, (_, i) => ({
    properties: { NAME: `点${i}`, CODE: i, FLAG: i % 2 === 0, SCORE: i + 0.5, DAY: '2024-05-0' + ((i % 9) + 1), SEEN: `2024-05-08T1${i % 10}:00:00+08:00`, SECRET: 'x' },
    geometry: JSON.stringify({ type: 'Point', coordinates: pointLonLat(i) }),
  }))
}

function lineRows(): FeatureRow[] {
  return Array.from({ length: 5 }, (_, i) => ({
    properties: { KIND: `road${i}` },
    geometry: JSON.stringify({ type: 'LineString', coordinates: [[106.0, 38.3 + i * 0.005], [106.25, 38.301 + i * 0.005], [106.5, 38.3 + i * 0.005]] }),
  }))
}

const square = (x0: number, y0: number, s: number) => [[x0, y0], [x0 + s, y0], [x0 + s, y0 + s], [x0, y0 + s], [x0, y0]]

function holeRows(): FeatureRow[] {
  const geometry = { type: 'MultiPolygon', coordinates: [[square(106.3, 38.2, 0.1), square(106.33, 38.23, 0.04).reverse()]] }
  return [{ properties: { LABEL: 'ring' }, geometry: JSON.stringify(geometry) }]
}

/** A star-shaped (hence simple) ring whose radius wobbles, so simplification has work to do. */
export function hugeRing(cx = 106.45, cy = 38.55, r = 0.05, n = HUGE_VERTICES): number[][] {
  const ring = Array.from({ length: n }, (_, i) => {
    const a = (2 * Math.PI * i) / n
    const rr = r * (1 + 0.02 * Math.sin(a * 150) + 0.005 * Math.sin(a * 1300))
    return [cx + rr * Math.cos(a), cy + rr * Math.sin(a) * 0.8]
  })
  return [...ring, ring[0]!]
}

function hugeRows(): FeatureRow[] {
  return [{ properties: { LABEL: 'huge' }, geometry: JSON.stringify({ type: 'Polygon', coordinates: [hugeRing()] }) }]
}

/** Create, fill, index, register and refresh one fixture layer. */
export async function addLayer(db: Database, spec: LayerSpec, rows: FeatureRow[]): Promise<string> {
  return createFixtureLayer(db, spec, rows)
}

function spec(id: string, group: string, geometry_type: LayerSpec['geometry_type'], attributes: AttributeDef[], extra: Partial<LayerSpec> = {}): LayerSpec {
  return { id, title_zh: `测试${id}`, title_en: `Test ${id}`, kind: 'thematic', geometry_type, attributes, group_id: group, ...extra }
}

/** `uniqueLayerId` comes from test/helpers/test-db.ts (passed in so the bench and scripts can reuse this). */
export async function createTileFixtures(db: Database, uniqueLayerId: (prefix: string) => string): Promise<TileFixtures> {
  const group = uniqueLayerId('tgrp')
  const label: AttributeDef[] = [{ name: 'LABEL', type: 'text' }]
  return {
    group,
    points: await addLayer(db, spec(uniqueLayerId('tpts'), group, 'Point', POINT_ATTRIBUTES, { tile_properties: POINT_TILE_PROPERTIES, sort_order: 1 }), pointRows()),
    lines: await addLayer(db, spec(uniqueLayerId('tlin'), group, 'LineString', [{ name: 'KIND', type: 'text' }], { min_zoom: 12, sort_order: 2 }), lineRows()),
    holes: await addLayer(db, spec(uniqueLayerId('thol'), group, 'MultiPolygon', label, { sort_order: 3 }), holeRows()),
    huge: await addLayer(db, spec(uniqueLayerId('thug'), group, 'Polygon', label, { sort_order: 4 }), hugeRows()),
    empty: await addLayer(db, spec(uniqueLayerId('temp'), group, 'Polygon', label, { sort_order: 5 }), []),
  }
}

/** The XYZ tile containing a lon/lat at zoom z. */
export function tileAt(lon: number, lat: number, z: number): { z: number; x: number; y: number } {
  const n = 2 ** z
  const r = (lat * Math.PI) / 180
  return { z, x: Math.floor(((lon + 180) / 360) * n), y: Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n) }
}

/** Position of a lon/lat in the tile's own coordinates (0…extent, y down), unrounded. */
export function tileCoords(lon: number, lat: number, t: { z: number; x: number; y: number }, extent = 4096): [number, number] {
  const n = 2 ** t.z
  const r = (lat * Math.PI) / 180
  const wx = ((lon + 180) / 360) * n
  const wy = ((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n
  return [(wx - t.x) * extent, (wy - t.y) * extent]
}
