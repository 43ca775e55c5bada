import type { AttributeDef } from '../../catalog/catalog.types.js'
import { layerTable, quoteIdent } from '../../catalog/sql-names.js'
import { PgDatabase } from '../../db/pg-database.js'
import { flatEwkb } from '../geometry/ewkb.js'
import { fitType } from '../geometry/fit.js'
import { FlatGeometry, projectFlat } from '../geometry/flat.js'
import { fromGcj02 } from '../geometry/gcj02.js'
import { officialAreaFlat, toLonLat, type Projector } from '../geometry/official-area.js'
import { certainlyValidPolygon } from '../geometry/simple-ring.js'
import { StoredCoordinates } from '../geometry/stored-coordinates.js'
import type { FeatureIssue } from '../import.types.js'
import { dbfColumnWriters, type ColumnWriter } from '../read/dbf-copy.js'
import { DbfReader, dbfAttributeType } from '../read/dbf-reader.js'
import { readShapeFlat } from '../read/shp-flat.js'
import { ShpReader } from '../read/shp-reader.js'
import { makeDecoder, type BytesDecoder } from '../read/text-decoder.js'
import { batchCheckSql, batchInsertSql } from './batch-sql.js'
import type { BatchQueue } from './batch-queue.js'
import { CopySession } from './copy-session.js'
import { CopyBinary } from './copy-binary.js'
import type { Repaired, StoredRow } from './load-ledger.js'
import { StageLoad, type LoadTarget, type Pending } from './stage-load.js'
import { pick, readRows, sourcePositions } from './rows.js'

/** One batch: binary COPY rows, the fids PostGIS must still check, the books, and the features left to the INSERT path. */
interface CopyBatch {
  data: CopyBinary
  rows: StoredRow[]
  unchecked: number[]
  escaped: Pending[]
}

/** Batches start at about the size they reach (a row is a few hundred bytes), so few grow. */
const BATCH_BYTES_PER_ROW = 640

/**
 * The load stage on PostGIS: each feature's EPSG:4490 and EPSG:3857 coordinates and official area
 * are computed in the stream (StoredCoordinates) and batches are streamed with binary COPY into the
 * stage (its geom_3857 trigger is off meanwhile, so Postgres inserts in bulk); right after each COPY
 * one statement checks the batch's geometries with ST_IsValid and repairs the invalid ones as the
 * INSERT path does — all but the one-ring polygons that certainlyValidPolygon proves valid. Shapefiles
 * are read straight from their bytes into the COPY rows (no JS objects per vertex or value unless
 * the survey QA needs the values). A feature the stream cannot store exactly as the INSERT path
 * would (positions outside the domain where the stream's transform is exact, a value binary COPY
 * cannot carry as Postgres would parse its text) goes through batchInsertSql in the same session.
 */
export class CopyLoad extends StageLoad<CopyBatch, CopySession> {
  private readonly flat = new FlatGeometry()
  private readonly coords: StoredCoordinates
  private readonly polygons: boolean
  private readonly project?: Projector
  private readonly columns: number
  private readonly copySql: string
  private readonly checkSql: string
  private readonly insertSql: string
  private projected = new Float64Array(1024)
  private batch!: CopyBatch
  private area: number | null = null
  /** Whether the current feature is certainly valid (or has no geometry): no ST_IsValid needed. */
  private certain = true

  /** Whether this path applies: a PostGIS server and a CRS the stream transforms. */
  static applies(t: LoadTarget): boolean {
    return t.db instanceof PgDatabase && StoredCoordinates.for(t.plan.request.gcj02 ? 4490 : t.plan.crs.srid) !== undefined
  }

  constructor(t: LoadTarget) {
    super(t, Math.max(1, t.sessions))
    const srid = t.plan.request.gcj02 ? 4490 : t.plan.crs.srid
    this.coords = StoredCoordinates.for(srid)!
    this.project = toLonLat(srid)
    this.polygons = t.geometryType.includes('Polygon')
    const columns = ['fid', ...t.attributes.map((a) => quoteIdent(a.name)), 'geom', 'geom_3857']
    this.columns = columns.length
    this.copySql = `COPY ${layerTable(t.table)} (${columns.join(', ')}) FROM STDIN (FORMAT binary)`
    this.checkSql = batchCheckSql(t.table, t.geometryType)
    this.insertSql = batchInsertSql(t.table, t.attributes, t.plan.crs.srid, t.geometryType, true)
    this.newBatch()
  }

  protected session(fn: (s: CopySession) => Promise<void>): Promise<void> {
    return CopySession.run(this.t.db as PgDatabase, this.t.statementTimeoutMs, fn)
  }

  protected async store(s: CopySession, batch: CopyBatch): Promise<void> {
    const { signal } = this.t
    const repaired: Repaired[] = []
    if (batch.data.rows > 0) await s.copy(this.copySql, batch.data.finish(), signal)
    if (batch.unchecked.length > 0) repaired.push(...(await s.query<Repaired>(this.checkSql, [batch.unchecked], { signal })).rows)
    if (batch.escaped.length > 0) {
      const params: unknown[] = this.t.attributes.map((_, c) => batch.escaped.map((p) => p.values[c]))
      params.push(batch.escaped.map((p) => p.hex), batch.escaped.map((p) => p.index))
      repaired.push(...(await s.query<Repaired>(this.insertSql, params, { signal })).rows)
    }
    await this.ledger.settle(batch.rows, repaired)
  }

  protected produce(queue: BatchQueue<CopyBatch>): Promise<void> {
    return this.t.plan.files.format === 'shapefile' ? this.produceShapefile(queue) : this.produceRows(queue)
  }

  private newBatch(): void {
    this.batch = { data: new CopyBinary(BATCH_BYTES_PER_ROW * this.t.batchSize), rows: [], unchecked: [], escaped: [] }
  }

  /** Queue the batch once it is full (awaits only then). */
  private async flushIfFull(queue: BatchQueue<CopyBatch>, force = false): Promise<void> {
    if (this.batch.rows.length === 0 || (!force && this.batch.rows.length < this.t.batchSize)) return
    this.t.signal.throwIfAborted()
    const full = this.batch
    this.newBatch()
    await queue.put(full)
  }

  /**
   * Fit the current flat geometry (if any) to the layer, correct GCJ-02, compute its stored
   * coordinates and official area, and see whether it is certainly valid (else PostGIS checks it
   * after the COPY): 'copy', 'escape' (PostGIS must transform it) or 'skip'.
   */
  private prepareGeometry(index: number, has: boolean): 'copy' | 'escape' | 'skip' {
    this.area = null
    this.certain = true
    if (!has) {
      this.nullGeometry(index)
      return 'copy'
    }
    const g = this.flat
    const fitted = fitType(g.type, g.members(), this.t.geometryType)
    if ('refused' in fitted) return this.refused(fitted.refused, index) ?? 'skip'
    g.retype(fitted.type)
    if (this.t.plan.request.gcj02) correctGcj02(g)
    if (this.coords.apply(g)) {
      this.area = this.polygons ? officialAreaFlat(g, this.coords.lonLat) : null
      this.certain = certainlyValidPolygon(g, this.coords.lonLat)
      return 'copy'
    }
    if (this.polygons && this.project) {
      this.projected = projectFlat(g.xy, g.points, this.project, this.projected)
      this.area = officialAreaFlat(g, this.projected)
    }
    return 'escape'
  }

  /** Start the COPY row of feature `index` with its fid; the caller writes the attributes. */
  private beginRow(index: number): CopyBinary {
    const data = this.batch.data
    data.beginRow(this.columns)
    data.int8(index)
    return data
  }

  /** End the COPY row with both geometry columns (NULL without geometry). */
  private endRow(has: boolean): void {
    const { data } = this.batch
    if (has) {
      data.ewkb(this.flat, this.coords.lonLat, 4490)
      data.ewkb(this.flat, this.coords.mercator, 3857)
    } else {
      data.null()
      data.null()
    }
    data.endRow()
  }

  private escape(index: number, values: unknown[], has: boolean): void {
    const hex = has ? Buffer.from(flatEwkb(this.flat, this.flat.xy, this.t.plan.crs.srid)).toString('hex') : null
    this.batch.escaped.push({ index, values, hex, area: this.area })
  }

  /** Books for a feature written to the batch (COPY row or escaped). */
  private stored(index: number, values: unknown[] | null, copied: boolean): void {
    const b = this.batch
    b.rows.push({ index, values: this.t.qa ? values : null, area: this.area })
    if (copied && !this.certain) b.unchecked.push(index)
  }

  private async produceRows(queue: BatchQueue<CopyBatch>): Promise<void> {
    const { attributes } = this.t
    for await (const row of readRows(this.t.plan, attributes)) {
      if (!this.readFeature(row.index, !row.values, row.issues)) continue
      const values = row.values!
      const outcome = this.prepareGeometry(row.index, !!row.geometry && !!this.flat.assign(row.geometry))
      if (outcome === 'skip') continue
      const copied = outcome === 'copy' && this.copyRow(row.index, !!row.geometry, (data, c) => data.value(values[c], attributes[c]!.type))
      if (!copied) this.escape(row.index, values, !!row.geometry)
      this.stored(row.index, values, copied)
      await this.flushIfFull(queue)
    }
    await this.flushIfFull(queue, true)
  }

  /** Write a COPY row whose attributes come from `column`; false (row dropped) if one cannot go in binary. */
  private copyRow(index: number, has: boolean, column: (data: CopyBinary, c: number) => boolean): boolean {
    const data = this.beginRow(index)
    for (let c = 0; c < this.t.attributes.length; c++) {
      if (column(data, c)) continue
      data.dropRow()
      return false
    }
    this.endRow(has)
    return true
  }

  private async produceShapefile(queue: BatchQueue<CopyBatch>): Promise<void> {
    const { plan, attributes } = this.t
    const shp = await ShpReader.open(plan.files.main, plan.files.shx!)
    const dbf = await DbfReader.open(plan.files.dbf!)
    try {
      const decode = makeDecoder(plan.encoding!.name)
      const reader = new DbfValues(dbf, decode, sourcePositions(plan, attributes), attributes)
      // With the survey QA the values are needed anyway; otherwise the bytes go straight into the COPY rows.
      const writers = this.t.qa ? null : dbfColumnWriters(dbf.header.fields, reader.positions, attributes, plan.encoding!.name, decode)
      const issues: FeatureIssue[] = []
      for (let i = 0; i < shp.count; i++) {
        let at = shp.recordSpan(i)
        if (at < 0) {
          await shp.loadRecord(i)
          at = shp.recordSpan(i)
        }
        issues.length = 0
        const has = readShapeFlat(shp.buffer, at, shp.spanLength, shp.header.shapeType, issues, this.flat)
        let rec = dbf.recordSpan(i)
        if (rec < 0) {
          await dbf.loadRecord(i)
          rec = dbf.recordSpan(i)
        }
        if (!this.readFeature(i + 1, dbf.buffer[rec] === 0x2a, issues)) continue
        this.shapefileFeature(i + 1, has, dbf.buffer, rec, reader, writers)
        await this.flushIfFull(queue)
      }
      await this.flushIfFull(queue, true)
    } finally {
      await Promise.all([shp.close(), dbf.close()])
    }
  }

  private shapefileFeature(index: number, has: boolean, buf: Buffer, rec: number, reader: DbfValues, writers: ColumnWriter[] | null): void {
    const outcome = this.prepareGeometry(index, has)
    if (outcome === 'skip') return
    const values = writers ? null : reader.values(buf, rec)
    const column = writers
      ? (data: CopyBinary, c: number) => writers[c]!(buf, rec, data)
      : (data: CopyBinary, c: number) => data.value(values![c], this.t.attributes[c]!.type)
    const copied = outcome === 'copy' && this.copyRow(index, has, column)
    if (!copied) this.escape(index, values ?? reader.values(buf, rec), has)
    this.stored(index, values, copied)
  }
}

/** The values of a .dbf record in target-column order, as the INSERT path reads them. */
class DbfValues {
  readonly positions: number[]
  private readonly types

  constructor(private readonly dbf: DbfReader, private readonly decode: BytesDecoder, positions: number[], private readonly attributes: AttributeDef[]) {
    this.positions = positions
    this.types = dbf.header.fields.map(dbfAttributeType)
  }

  values(buf: Buffer, rec: number): unknown[] {
    return pick(this.dbf.values(buf.subarray(rec, rec + this.dbf.header.recordLength), this.decode, this.types), this.positions, this.attributes)
  }
}

/** The approximate GCJ-02 correction applied to every position, in place. */
function correctGcj02(g: FlatGeometry): void {
  for (let i = 0; i < 2 * g.points; i += 2) {
    const [x, y] = fromGcj02([g.xy[i]!, g.xy[i + 1]!])
    g.xy[i] = x!
    g.xy[i + 1] = y!
  }
}
