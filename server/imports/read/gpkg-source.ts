import { basename } from 'node:path'
import Sqlite from 'better-sqlite3'
import type { AttributeType } from '../../catalog/catalog.types.js'
import type { FeatureIssue, SourceFeature } from '../import.types.js'
import { ImportInputError } from '../import-errors.js'
import { readWkb } from './wkb.js'

/** PRAGMA application_id of GeoPackage 1.2+ ('GPKG') and of 1.0/1.1 ('GP10', 'GP11'). */
const APPLICATION_IDS = new Set([0x47504b47, 0x47503130, 0x47503131])
/** Rows read between two turns of the event loop, so a long read never blocks the server. */
const ROWS_PER_TURN = 500

/** The coordinate system a feature table declares in gpkg_spatial_ref_sys. */
export interface GpkgSrs {
  srsId: number
  name: string
  organization: string
  organizationId: number
  definition: string
}

/** One attribute column of a feature table (the primary key and geometry column excluded). */
export interface GpkgField {
  name: string
  type: AttributeType | null
  declared: string
}

/** What gpkg_contents, gpkg_geometry_columns and the table itself say about one feature table. */
export interface GpkgLayer {
  table: string
  geometryColumn: string
  /** GEOMETRY, POINT, MULTIPOLYGON…, as declared. */
  geometryTypeName: string
  hasZ: boolean
  hasM: boolean
  srs: GpkgSrs | null
  fields: GpkgField[]
  count: number
  /** min_x, min_y, max_x, max_y from gpkg_contents, when filled in. */
  bbox?: [number, number, number, number]
}

/** Declared SQLite/GeoPackage column types (GeoPackage 1.3 §1.1.1.1.3) to catalog types; null: not importable. */
export function gpkgAttributeType(declared: string): AttributeType | null {
  const t = declared.trim().toUpperCase().replace(/\(.*$/, '')
  if (t === 'BOOLEAN') return 'boolean'
  if (t === 'TINYINT' || t === 'SMALLINT' || t === 'MEDIUMINT' || t === 'INT') return 'integer'
  if (t === 'INTEGER') return 'bigint'
  if (t === 'FLOAT' || t === 'DOUBLE' || t === 'REAL' || t === 'NUMERIC') return 'number'
  if (t === 'DATE') return 'date'
  if (t === 'DATETIME') return 'timestamp'
  if (t === 'BLOB') return null
  return 'text'
}

/** An SQLite failure on a file a person gave, as a message they can act on. */
function damaged(name: string, error: unknown): ImportInputError {
  const code = (error as { code?: string }).code ?? ''
  if (code === 'SQLITE_NOTADB') return new ImportInputError(`${name} is not an SQLite database, so not a GeoPackage: the file is damaged or was renamed.`)
  return new ImportInputError(`${name} cannot be read as a GeoPackage (${error instanceof Error ? error.message : String(error)}): the file is damaged or incomplete. Export it again.`)
}

/** A GeoPackage opened read-only, for inspecting and reading its feature tables. */
export class GeoPackage {
  private constructor(private readonly db: Sqlite.Database, readonly name: string) {}

  static open(path: string, name = basename(path)): GeoPackage {
    let db: Sqlite.Database | undefined
    try {
      db = new Sqlite(path, { readonly: true, fileMustExist: true })
      const id = db.pragma('application_id', { simple: true }) as number
      const hasContents = db.prepare(`SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name = 'gpkg_contents'`).get() as { n: number }
      if (!APPLICATION_IDS.has(id >>> 0) && hasContents.n === 0) {
        throw new ImportInputError(`${name} is an SQLite database but not a GeoPackage (no gpkg_contents table): export the layer as GeoPackage, Shapefile or GeoJSON.`)
      }
      return new GeoPackage(db, name)
    } catch (error) {
      db?.close()
      throw error instanceof ImportInputError ? error : damaged(name, error)
    }
  }

  close(): void {
    this.db.close()
  }

  /** Names of the feature tables (gpkg_contents data_type 'features'), in file order. */
  featureTables(): string[] {
    try {
      const rows = this.db.prepare(`SELECT table_name AS t FROM gpkg_contents WHERE data_type = 'features' ORDER BY rowid`).all() as { t: string }[]
      return rows.map((r) => r.t)
    } catch (error) {
      throw damaged(this.name, error)
    }
  }

  /** Everything the import needs to know about one feature table. */
  describe(table: string): GpkgLayer {
    try {
      const kind = this.db.prepare(`SELECT type FROM sqlite_master WHERE name = ?`).get(table) as { type: string } | undefined
      // Views could run arbitrary SQL on every read; survey deliveries are tables.
      if (kind?.type !== 'table') throw new ImportInputError(`${this.name}: the feature table "${table}" is ${kind ? `a ${kind.type}` : 'missing'}; OneMap reads GeoPackage feature tables only.`)
      const geom = this.db.prepare(`SELECT column_name AS c, geometry_type_name AS t, srs_id AS s, z, m FROM gpkg_geometry_columns WHERE table_name = ?`).get(table) as { c: string; t: string; s: number; z: number; m: number } | undefined
      if (!geom) throw new ImportInputError(`${this.name}: "${table}" has no row in gpkg_geometry_columns, so its geometry column is unknown; the GeoPackage is incomplete.`)
      const srs = this.db.prepare(`SELECT srs_id AS srsId, srs_name AS name, organization, organization_coordsys_id AS organizationId, definition FROM gpkg_spatial_ref_sys WHERE srs_id = ?`).get(geom.s) as GpkgSrs | undefined
      const columns = this.db.prepare(`SELECT name, type, pk FROM pragma_table_info(?)`).all(table) as { name: string; type: string; pk: number }[]
      const fields = columns.filter((c) => c.pk === 0 && c.name !== geom.c).map((c) => ({ name: c.name, declared: c.type, type: gpkgAttributeType(c.type) }))
      const count = (this.db.prepare(`SELECT count(*) AS n FROM ${quote(table)}`).get() as { n: number }).n
      const box = this.db.prepare(`SELECT min_x AS a, min_y AS b, max_x AS c, max_y AS d FROM gpkg_contents WHERE table_name = ?`).get(table) as { a: number | null; b: number | null; c: number | null; d: number | null }
      const bbox = box.a !== null && box.b !== null && box.c !== null && box.d !== null ? [box.a, box.b, box.c, box.d] as [number, number, number, number] : undefined
      return { table, geometryColumn: geom.c, geometryTypeName: geom.t.toUpperCase(), hasZ: geom.z === 1, hasM: geom.m === 1, srs: srs ?? null, fields, count, bbox }
    } catch (error) {
      throw error instanceof ImportInputError ? error : damaged(this.name, error)
    }
  }

  /** The bounding box of the stored geometries' envelopes, when gpkg_contents does not give one (from the first rows). */
  sampleBbox(layer: GpkgLayer, rows = 2000): [number, number, number, number] | undefined {
    const box = [Infinity, Infinity, -Infinity, -Infinity] as [number, number, number, number]
    const statement = this.db.prepare(`SELECT ${quote(layer.geometryColumn)} AS g FROM ${quote(layer.table)} LIMIT ${rows}`)
    for (const row of statement.iterate() as Iterable<{ g: Uint8Array | null }>) {
      const g = row.g ? decodeGeometry(row.g).geometry : null
      if (g) for (const [x, y] of flatten(g.coordinates)) extend(box, x!, y!)
    }
    return Number.isFinite(box[0]) ? box : undefined
  }

  /** Stream the features of a table in primary-key order; yields to the event loop every few hundred rows. */
  async *features(layer: GpkgLayer): AsyncGenerator<SourceFeature> {
    const names = layer.fields.filter((f) => f.type !== null).map((f) => f.name)
    const select = [quote(layer.geometryColumn), ...names.map(quote)].join(', ')
    const statement = this.db.prepare(`SELECT ${select} FROM ${quote(layer.table)} ORDER BY rowid`).raw(true)
    let index = 0
    try {
      for (const row of statement.iterate() as Iterable<unknown[]>) {
        index++
        const issues: FeatureIssue[] = []
        const blob = row[0]
        let geometry: SourceFeature['geometry'] = null
        if (blob instanceof Uint8Array) {
          const read = decodeGeometry(blob)
          geometry = read.geometry
          if (read.droppedZm) issues.push({ code: 'zm_dropped', message: 'Z/M ordinates were dropped (layers are 2-D).', severity: 'info' })
          if (read.unsupported) issues.push({ code: 'unsupported_geometry', message: `The geometry is ${read.unsupported}, which a layer cannot hold; the feature was stored without geometry.`, severity: 'warning' })
        }
        const properties: Record<string, unknown> = {}
        for (let i = 0; i < names.length; i++) properties[names[i]!] = row[i + 1]
        yield { index, properties, geometry, issues }
        if (index % ROWS_PER_TURN === 0) await new Promise((resolve) => setImmediate(resolve))
      }
    } catch (error) {
      if (error instanceof ImportInputError) throw error
      if (error instanceof RangeError) throw new ImportInputError(`${this.name}: feature ${index} of "${layer.table}" has a damaged geometry (${error.message}).`)
      throw damaged(this.name, error)
    }
  }
}

function quote(name: string): string {
  return `"${name.replaceAll('"', '""')}"`
}

function extend(box: [number, number, number, number], x: number, y: number): void {
  if (x < box[0]) box[0] = x
  if (y < box[1]) box[1] = y
  if (x > box[2]) box[2] = x
  if (y > box[3]) box[3] = y
}

function* flatten(c: unknown): Generator<number[]> {
  if (Array.isArray(c) && typeof c[0] === 'number') yield c as number[]
  else if (Array.isArray(c)) for (const part of c) yield* flatten(part)
}

/** Envelope sizes by the flags' envelope indicator (GeoPackage 1.3 §2.1.3.1.1). */
const ENVELOPE_BYTES = [0, 32, 48, 48, 64]

/**
 * A GeoPackage geometry blob: "GP", version, flags, srs_id, optional envelope, then WKB. The empty
 * flag gives null. Anything else throws a RangeError naming what is wrong.
 */
export function decodeGeometry(blob: Uint8Array): ReturnType<typeof readWkb> {
  if (blob.length < 8 || blob[0] !== 0x47 || blob[1] !== 0x50) throw new RangeError('the blob does not start with the GeoPackage "GP" header')
  const flags = blob[3]!
  if (flags & 0x20) throw new RangeError('it uses an extended (non-standard) geometry type')
  const envelope = ENVELOPE_BYTES[(flags >> 1) & 0x07]
  if (envelope === undefined) throw new RangeError('its envelope indicator is invalid')
  if (flags & 0x10) return { geometry: null, droppedZm: false }
  return readWkb(blob, 8 + envelope)
}
