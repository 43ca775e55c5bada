import { readdirSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import iconv from 'iconv-lite'
import type { FeatureCollection } from 'geojson'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AttributeDef } from '../server/catalog/catalog.types.js'
import { detectEncoding } from '../server/imports/detect/encoding.js'
import { flatEwkb, toEwkbHex } from '../server/imports/geometry/ewkb.js'
import { FlatGeometry } from '../server/imports/geometry/flat.js'
import { officialArea, officialAreaFlat, toLonLat } from '../server/imports/geometry/official-area.js'
import { certainlyValidPolygon } from '../server/imports/geometry/simple-ring.js'
import { StoredCoordinates } from '../server/imports/geometry/stored-coordinates.js'
import type { Geometry } from '../server/imports/import.types.js'
import { CopyBinary } from '../server/imports/load/copy-binary.js'
import { CopySession } from '../server/imports/load/copy-session.js'
import { PgDatabase } from '../server/db/pg-database.js'
import { dbfColumnWriters } from '../server/imports/read/dbf-copy.js'
import { DbfReader, dbfAttributeType } from '../server/imports/read/dbf-reader.js'
import { makeDecoder } from '../server/imports/read/text-decoder.js'
import { makeTranscoder } from '../server/imports/read/transcode.js'
import { openTestApp, type TestApp } from './helpers/test-app.js'
import { uniqueLayerId } from './helpers/test-db.js'
import { TESTDATA, importFile, readSource, tempDir, writeShapefile } from './import-helpers.js'

let t: TestApp
const tmp = tempDir()
beforeAll(async () => {
  t = await openTestApp({ JOB_RUNNER: false, IMPORT_BATCH_SIZE: 5 })
})
afterAll(async () => {
  await t?.close()
  tmp.cleanup()
})

function dbfFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return dbfFiles(path)
    return /\.dbf$/i.test(name) ? [path] : []
  })
}

/**
 * Every column of every record written through the byte writers and through the values
 * (readValue + columnValue): the same binary COPY bytes, or both refusing the value (INSERT path).
 */
async function expectSameBinary(path: string, encoding: string, retype: (a: AttributeDef) => AttributeDef = (a) => a): Promise<number> {
  const dbf = await DbfReader.open(path)
  try {
    const { fields } = dbf.header
    const types = fields.map(dbfAttributeType)
    const attributes = fields.map((f, i) => retype({ name: `c${i}`, type: types[i]! }))
    const decode = makeDecoder(encoding)
    const writers = dbfColumnWriters(fields, fields.map((_, i) => i), attributes, encoding, decode)
    const fast = new CopyBinary(1024), slow = new CopyBinary(1024)
    for (let i = 0; i < dbf.header.count; i++) {
      await dbf.loadRecord(i)
      const at = dbf.recordSpan(i)
      if (dbf.buffer[at] === 0x2a) continue
      const values = dbf.values(dbf.buffer.subarray(at, at + dbf.header.recordLength), decode, types)
      attributes.forEach((a, c) => {
        const f0 = fast.pos, s0 = slow.pos
        const where = `${path} record ${i + 1} column ${c} (${a.type}): ${String(values[c])}`
        expect(writers[c]!(dbf.buffer, at, fast), where).toBe(slow.value(values[c], a.type))
        expect(fast.buf.subarray(f0, fast.pos).equals(slow.buf.subarray(s0, slow.pos)), where).toBe(true)
      })
    }
    return dbf.header.count
  } finally {
    await dbf.close()
  }
}

describe('COPY rows straight from .dbf bytes equal the rows made from the values', () => {
  const files = dbfFiles(TESTDATA)

  it(`for every .dbf of the corpora (${files.length} files), with the encoding detection picks`, async () => {
    expect(files.length).toBeGreaterThan(30)
    let records = 0
    for (const path of files) {
      const dbf = await DbfReader.open(path)
      const sample = await dbf.sampleText(1 << 16).finally(() => dbf.close())
      const encoding = detectEncoding(sample).name
      records += await expectSameBinary(path, encoding)
    }
    expect(records).toBeGreaterThan(1000)
  })

  it('when the target columns differ from the .dbf types (append): numbers into text, text into numbers', async () => {
    for (const path of files.slice(0, 20)) {
      await expectSameBinary(path, 'gbk', (a) => ({ ...a, type: 'text' }))
      await expectSameBinary(path, 'gbk', (a) => ({ ...a, type: a.type === 'text' ? 'text' : 'number' }))
      await expectSameBinary(path, 'gbk', (a) => ({ ...a, type: a.type === 'text' ? 'text' : 'bigint' }))
      await expectSameBinary(path, 'gbk', (a) => ({ ...a, type: a.type === 'text' ? 'integer' : a.type }))
    }
  })

  it('on hand-made numbers: zeros, signs, decimals, stars, exponents, blanks', async () => {
    const values = ['0', '-0', '007', '-12', '12.50', '-0.00', '1e3', '+5', '.5', '5.', '*****', '', '  42  ', '9007199254740993', '1.5.5', '-', '12a']
    const path = join(tmp.dir, 'numbers.dbf')
    writeFileSync(path, makeDbf([{ name: 'I', type: 'N', length: 20, decimals: 0 }, { name: 'F', type: 'N', length: 20, decimals: 3 }, { name: 'L', type: 'L', length: 1, decimals: 0 }], values.map((v) => [v, v, v.slice(0, 1)])))
    for (const type of ['integer', 'bigint', 'number', 'text', 'decimal'] as const) {
      await expectSameBinary(path, 'latin1', (a) => (a.name === 'c2' ? a : { ...a, type }))
    }
  })
})

/** What the transcoder should write: the UTF-8 of the decoded text. */
function transcoded(encoding: string, bytes: Buffer): { got: Buffer; expected: Buffer } {
  const out = new CopyBinary(16)
  const start = out.pos
  makeTranscoder(encoding)(bytes, 0, bytes.length, out)
  return { got: out.buf.subarray(start, out.pos), expected: Buffer.from(makeDecoder(encoding)(bytes), 'utf8') }
}

describe('transcoding .dbf text to UTF-8 without JS strings', () => {
  const random = (n: number, seed: number) => {
    let s = seed
    return Buffer.from(Array.from({ length: n }, () => ((s = (s * 1103515245 + 12345) & 0x7fffffff) >> 16) & 0xff))
  }

  it.each(['gbk', 'gb18030', 'big5', 'shift_jis', 'windows-1250', 'latin1', 'utf8', 'cp866'])('%s: same text as the decoder', (encoding) => {
    for (let k = 0; k < 2000; k++) {
      const { got, expected } = transcoded(encoding, random(1 + (k % 40), k + 1))
      expect(got.equals(expected), `${encoding} ${expected.toString('hex')}`).toBe(true)
    }
  })

  it('GBK text with a backslash trail byte, the euro sign, tabs, GB18030 four-byte sequences; malformed UTF-8', () => {
    const samples = [iconv.encode('欢迎\\路径\t耕地€', 'gbk'), Buffer.from([0x95, 0x5c, 0x41]), Buffer.from([0x81, 0x30, 0x81, 0x30]), iconv.encode('𠀀水田', 'gb18030')]
    for (const encoding of ['gbk', 'gb18030']) {
      for (const bytes of samples) {
        const { got, expected } = transcoded(encoding, bytes)
        expect(got.toString('utf8')).toBe(expected.toString('utf8'))
      }
    }
    for (const bytes of [Buffer.from([0xed, 0xa0, 0x80]), Buffer.from([0xe0, 0x80, 0x80]), Buffer.from([0xc3, 0xa9, 0xff])]) {
      const { got, expected } = transcoded('utf8', bytes)
      expect(got.equals(expected)).toBe(true)
    }
  })
})

const GEOMETRIES: Geometry[] = [
  { type: 'Point', coordinates: [106.1, 38.2] },
  { type: 'MultiPoint', coordinates: [[106.1, 38.2], [106.3, 38.4]] },
  { type: 'LineString', coordinates: [[106.1, 38.2], [106.3, 38.4], [106.5, 38.1]] },
  { type: 'MultiLineString', coordinates: [[[106.1, 38.2], [106.3, 38.4]], [[107, 37], [107.1, 37.2], [107.3, 37]]] },
  { type: 'Polygon', coordinates: [[[106, 38], [106.2, 38], [106.2, 38.2], [106, 38]], [[106.05, 38.01], [106.1, 38.01], [106.1, 38.05], [106.05, 38.01]]] },
  { type: 'MultiPolygon', coordinates: [[[[106, 38], [106.2, 38], [106.2, 38.2], [106, 38]]], [[[107, 37], [107.5, 37], [107.5, 37.5], [107, 37]]]] },
]

describe('flat geometries', () => {
  it.each(GEOMETRIES.map((g) => [g.type, g] as const))('%s: EWKB and official area as from the GeoJSON layout', (_type, g) => {
    const flat = new FlatGeometry().assign(g)
    expect(Buffer.from(flatEwkb(flat, flat.xy, 4490)).toString('hex')).toBe(toEwkbHex(g, 4490))
    expect(officialAreaFlat(flat, flat.xy)).toBe(officialArea(g, toLonLat(4490)!))
  })
})

describe('stored coordinates computed in the stream agree with PostGIS ST_Transform', () => {
  const cases: [number, number, number, number, number][] = [
    // srid, x0, y0, dx, dy: a grid over a zone's area
    [4523, 35_300_000, 3_900_000, 40_000, 30_000],
    [4544, 300_000, 3_900_000, 40_000, 30_000],
    [4513, 25_400_000, 2_000_000, 20_000, 300_000],
    [4554, 400_000, 5_000_000, 20_000, 100_000],
    [4491, 13_300_000, 4_500_000, 40_000, 60_000],
    [4490, 73.5, 18.2, 6.2, 3.5],
    [4326, 100, 20, 3, 3],
    [3857, 11_000_000, 4_000_000, 100_000, 80_000],
  ]

  it.each(cases)('EPSG:%i', async (srid, x0, y0, dx, dy) => {
    const points = Array.from({ length: 100 }, (_, k) => [x0 + (k % 10) * dx, y0 + Math.floor(k / 10) * dy] as [number, number])
    const flat = new FlatGeometry().assign({ type: 'MultiPoint', coordinates: points })
    const coords = StoredCoordinates.for(srid)!
    expect(coords.apply(flat)).toBe(true)
    for (let k = 0; k < points.length; k++) {
      const [x, y] = points[k]!
      const r = (await t.db.query<{ lon: number; lat: number; mx: number; my: number }>(
        `SELECT ST_X(g) AS lon, ST_Y(g) AS lat, ST_X(m) AS mx, ST_Y(m) AS my
         FROM (SELECT ST_Transform(ST_SetSRID(ST_MakePoint($1, $2), $3::int), 4490) AS g) s, LATERAL (SELECT ST_Transform(g, 3857) AS m) m`,
        [x, y, srid],
      )).rows[0]!
      expect(Math.abs(coords.lonLat[2 * k]! - r.lon)).toBeLessThan(1e-12)
      expect(Math.abs(coords.lonLat[2 * k + 1]! - r.lat)).toBeLessThan(1e-12)
      expect(Math.abs(coords.mercator[2 * k]! - r.mx)).toBeLessThan(1e-7)
      expect(Math.abs(coords.mercator[2 * k + 1]! - r.my)).toBeLessThan(1e-7)
    }
  })

  it('leaves positions outside the exact domain to PostGIS', () => {
    const at = (srid: number, x: number, y: number) => StoredCoordinates.for(srid)!.apply(new FlatGeometry().assign({ type: 'Point', coordinates: [x, y] }))
    expect(at(4490, 106, 89.9)).toBe(false)
    expect(at(4490, 181, 38)).toBe(false)
    expect(at(4490, NaN, 38)).toBe(false)
    expect(at(4523, 1_000, 3_900_000)).toBe(false)
    expect(StoredCoordinates.for(2385)).toBeUndefined()
  })
})

describe('the validity check in the stream never calls valid what ST_IsValid calls invalid', () => {
  /** Rings of many kinds: random (mostly self-intersecting), stars (valid), and stars broken in small ways. */
  function rings(count: number): number[][][] {
    let seed = 7
    const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff)
    const out: number[][][] = []
    for (let k = 0; k < count; k++) {
      const n = 3 + Math.floor(rnd() * 14)
      let ring: number[][]
      if (k % 3 === 0) ring = Array.from({ length: n }, () => [106 + rnd() * 0.01, 38 + rnd() * 0.01])
      else ring = Array.from({ length: n }, (_, j) => {
        const a = (2 * Math.PI * j) / n, r = 0.001 * (0.5 + rnd())
        return [106.123456789 + r * Math.cos(a), 38.987654321 + r * Math.sin(a)]
      })
      const kind = k % 11
      if (kind === 1) ring.splice(2, 0, [...ring[1]!]) // repeated point
      if (kind === 2) ring.splice(2, 0, [(ring[1]![0]! + ring[2]![0]!) / 2, (ring[1]![1]! + ring[2]![1]!) / 2]) // (nearly) collinear
      if (kind === 3) ring.splice(2, 0, [2 * ring[1]![0]! - ring[0]![0]!, 2 * ring[1]![1]! - ring[0]![1]!], [...ring[1]!]) // spike
      if (kind === 4 && n > 5) ring[3] = [...ring[0]!] // touches itself at a vertex
      if (kind === 5 && n > 5) ring[3] = [ring[0]![0]! + 1e-15, ring[0]![1]!] // all but touches
      if (kind === 6 && n > 4) ring[2] = [(ring[1]![0]! + ring[3]![0]!) / 2 + 1e-17, (ring[1]![1]! + ring[3]![1]!) / 2] // nearly straight
      ring.push([...ring[0]!])
      out.push(ring)
    }
    return out
  }

  /** Claims of the stream's check against ST_IsValid for each geometry: none may be wrong, and most valid ones should be claimed. */
  async function compare(all: Geometry[]) {
    const flat = new FlatGeometry()
    const claimed = all.map((g) => certainlyValidPolygon(flat.assign(g), flat.xy))
    const hex = all.map((g) => toEwkbHex(g, 4490))
    const { rows } = await t.db.query<{ valid: boolean }>('SELECT ST_IsValid(ST_GeomFromEWKB(decode(h, \'hex\'))) AS valid FROM unnest($1::text[]) WITH ORDINALITY AS u(h, n) ORDER BY n', [hex])
    expect(all.filter((_, k) => claimed[k] && !rows[k]!.valid)).toEqual([])
    return { valid: rows.filter((r) => r.valid).length, claimed: claimed.filter(Boolean).length }
  }

  it('on 6,000 rings, in PostGIS (server) or PGlite GEOS', async () => {
    const { valid, claimed } = await compare(rings(6000).map((r) => ({ type: 'Polygon', coordinates: [r] })))
    expect(claimed).toBeGreaterThan(valid / 2)
    expect(valid).toBeLessThan(6000)
  })

  it('on 5,206 polygons with holes and multipolygons: holes inside, across, outside, nested, broken; parts apart, overlapping, nested, touching', async () => {
    let seed = 11
    const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff)
    const star = (cx: number, cy: number, r: number) => {
      const n = 4 + Math.floor(rnd() * 8)
      const ring = Array.from({ length: n }, (_, j) => [cx + r * (0.7 + 0.3 * rnd()) * Math.cos((2 * Math.PI * j) / n), cy + r * (0.7 + 0.3 * rnd()) * Math.sin((2 * Math.PI * j) / n)])
      return [...ring, [...ring[0]!]]
    }
    const all: Geometry[] = []
    for (let k = 0; k < 4000; k++) {
      const shell = star(106, 38, 0.01)
      if (k % 2 === 0) {
        const holes = Array.from({ length: 1 + (k % 3) }, () => star(106 + (rnd() - 0.5) * 0.014, 38 + (rnd() - 0.5) * 0.014, 0.001 + rnd() * 0.004))
        all.push({ type: 'Polygon', coordinates: [shell, ...holes] })
      } else {
        const parts = Array.from({ length: 2 + (k % 2) }, (_, i) => [i === 0 ? shell : star(106 + (rnd() - 0.5) * 0.05, 38 + (rnd() - 0.5) * 0.05, 0.002 + rnd() * 0.01)])
        all.push({ type: 'MultiPolygon', coordinates: parts })
      }
    }
    const square = (x: number, y: number, d: number) => [[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]]
    const broken = rings(600)
    for (let k = 0; k < 600; k++) {
      all.push({ type: 'Polygon', coordinates: [square(105.9, 37.9, 0.3), broken[k]!] })
      all.push({ type: 'MultiPolygon', coordinates: [[square(105.9, 37.9, 0.05)], [broken[k]!]] })
    }
    all.push(
      { type: 'Polygon', coordinates: [square(0, 0, 10), square(2, 2, 6), square(3, 3, 1)] }, // nested holes
      { type: 'Polygon', coordinates: [square(0, 0, 10), square(12, 2, 1)] }, // hole outside
      { type: 'Polygon', coordinates: [square(0, 0, 10), square(0, 2, 2)] }, // hole along the shell's edge
      { type: 'MultiPolygon', coordinates: [[square(0, 0, 10), square(2, 2, 6)], [square(3, 3, 1)]] }, // part inside a hole (valid)
      { type: 'MultiPolygon', coordinates: [[square(0, 0, 10)], [square(3, 3, 1)]] }, // part inside a part
      { type: 'MultiPolygon', coordinates: [[square(0, 0, 10)], [square(10, 0, 1)]] }, // parts sharing an edge
    )
    const { valid, claimed } = await compare(all)
    expect(claimed).toBeGreaterThan(valid / 2)
    expect(valid).toBeLessThan(all.length)
  })

  it('on 600 long rings (100 to 3,000 points; the sweep), whole and broken', async () => {
    let seed = 5
    const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff)
    const all: Geometry[] = []
    for (let k = 0; k < 600; k++) {
      const n = 100 + Math.floor(rnd() * 2900)
      const ring = Array.from({ length: n }, (_, j) => {
        const a = (2 * Math.PI * j) / n, r = 0.01 * (0.8 + 0.2 * rnd())
        return [106 + r * Math.cos(a), 38 + r * Math.sin(a)]
      })
      const m = 1 + Math.floor(rnd() * (n - 3))
      if (k % 4 === 1) [ring[m], ring[m + 1]] = [ring[m + 1]!, ring[m]!] // a crossing
      if (k % 4 === 2) ring[m] = [...ring[Math.floor(n / 2)]!] // touches far away
      if (k % 4 === 3) ring[m] = [106 + (ring[m]![0]! - 106) * 3, ring[m]![1]!] // a long spike across
      ring.push([...ring[0]!])
      all.push({ type: 'Polygon', coordinates: [ring] })
    }
    const { valid, claimed } = await compare(all)
    expect(claimed).toBeGreaterThan(valid / 2)
    expect(valid).toBeLessThan(all.length)
  })

  it('leaves lines, points and self-touching parts to ST_IsValid', () => {
    const flat = new FlatGeometry()
    for (const g of GEOMETRIES.filter((x) => !x.type.includes('Polygon'))) expect(certainlyValidPolygon(flat.assign(g), flat.xy), g.type).toBe(false)
    expect(certainlyValidPolygon(flat.assign({ type: 'Polygon', coordinates: [[[106, 38], [106.2, 38], [106.2, 38.2], [106, 38]]] }), flat.xy)).toBe(true)
    // a hole touching its shell at a vertex is valid for GEOS, but not certain here
    expect(certainlyValidPolygon(flat.assign({ type: 'Polygon', coordinates: [[[0, 0], [4, 0], [4, 4], [0, 4], [0, 0]], [[0, 0], [1, 2], [2, 1], [0, 0]]] }), flat.xy)).toBe(false)
  })
})

/** A minimal dBASE III file: fields of the given types, records as text values. */
function makeDbf(fields: { name: string; type: string; length: number; decimals: number }[], records: string[][]): Buffer {
  const headerLength = 32 + 32 * fields.length + 1, recordLength = 1 + fields.reduce((s, f) => s + f.length, 0)
  const out = Buffer.alloc(headerLength + recordLength * records.length + 1, 0x20)
  out.fill(0, 0, headerLength)
  out[0] = 3
  out.writeUInt32LE(records.length, 4)
  out.writeUInt16LE(headerLength, 8)
  out.writeUInt16LE(recordLength, 10)
  fields.forEach((f, i) => {
    out.write(f.name, 32 + 32 * i, 'latin1')
    out.write(f.type, 32 + 32 * i + 11, 'latin1')
    out[32 + 32 * i + 16] = f.length
    out[32 + 32 * i + 17] = f.decimals
  })
  out[headerLength - 1] = 0x0d
  records.forEach((r, k) => {
    let at = headerLength + k * recordLength + 1
    fields.forEach((f, i) => {
      out.write(r[i]!.padStart(f.length).slice(0, f.length), at, 'latin1')
      at += f.length
    })
  })
  out[out.length - 1] = 0x1a
  return out
}

describe('a COPY load stores what the INSERT load stores', () => {
  it('geom_3857 equals ST_Transform(geom, 3857), the trigger is back for later edits, and positions PostGIS must transform still load', async () => {
    const fc = {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: { name: '北极', n: 1 }, geometry: { type: 'Polygon', coordinates: [[[10, 89.7], [11, 89.7], [11, 89.9], [10, 89.7]]] } },
        { type: 'Feature', properties: { name: '银川', n: 2 }, geometry: { type: 'Polygon', coordinates: [[[106, 38], [106.2, 38], [106.2, 38.2], [106, 38]]] } },
        { type: 'Feature', properties: { name: 'bow\\tie', n: 3 }, geometry: { type: 'Polygon', coordinates: [[[106, 38], [106.2, 38.2], [106.2, 38], [106, 38.2], [106, 38]]] } },
        { type: 'Feature', properties: { name: null, n: null }, geometry: null },
      ],
    } as unknown as FeatureCollection
    const shp = await writeShapefile(tmp.dir, 'copyload', fc, { sSrs: 'EPSG:4490' })
    const layer = uniqueLayerId('copyload')
    const { job, report } = await importFile(t.app, shp, { layer })
    expect(job.state).toBe('succeeded')
    expect(report.features).toMatchObject({ read: 4, written: 4, repaired: 1, nullGeometry: 1 })
    const { rows } = await t.db.query<{ fid: number; name: string | null; d: number | null; valid: boolean | null }>(
      `SELECT fid, name, ST_HausdorffDistance(geom_3857, ST_Transform(geom, 3857)) AS d, ST_IsValid(geom) AS valid FROM data.${layer} ORDER BY fid`,
    )
    expect(rows.map((r) => r.name)).toEqual(['北极', '银川', 'bow\\tie', null])
    for (const r of rows.slice(0, 3)) {
      expect(r.valid).toBe(true)
      expect(r.d!).toBeLessThan(1e-6)
    }
    expect(rows[3]!.d).toBeNull()
    const source = await readSource(shp)
    const { rows: area } = await t.db.query<{ total: number }>(`SELECT sum(onemap.ellipsoid_area(geom)) AS total FROM data.${layer}`)
    expect(report.officialArea!.m2).toBeCloseTo(Number(area[0]!.total), 2)
    expect(source.rows).toHaveLength(4)
    await t.db.exec(`UPDATE data.${layer} SET geom = ST_Translate(geom, 0.01, 0) WHERE fid = 2`)
    const { rows: moved } = await t.db.query<{ d: number }>(`SELECT ST_HausdorffDistance(geom_3857, ST_Transform(geom, 3857)) AS d FROM data.${layer} WHERE fid = 2`)
    expect(moved[0]!.d).toBeLessThan(1e-6)
  })
})

describe('values binary COPY cannot carry as Postgres parses text take the INSERT path', () => {
  it('appending strings into integer and date columns, with and without geometry', async () => {
    const layer = uniqueLayerId('copyappend')
    const first = join(tmp.dir, 'first.geojson'), more = join(tmp.dir, 'more.geojson')
    const square = { type: 'Polygon', coordinates: [[[106, 38], [106.1, 38], [106.1, 38.1], [106, 38]]] }
    writeFileSync(first, JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { n: 1 }, geometry: square }] }))
    writeFileSync(more, JSON.stringify({ type: 'FeatureCollection', features: [
      { type: 'Feature', properties: { n: ' 5 ' }, geometry: null },
      { type: 'Feature', properties: { n: '7' }, geometry: square },
      { type: 'Feature', properties: { n: 8 }, geometry: square },
    ] }))
    expect((await importFile(t.app, first, { layer })).job.state).toBe('succeeded')
    const { job, report } = await importFile(t.app, more, { layer, mode: 'append' })
    expect(job.state).toBe('succeeded')
    expect(report.features).toMatchObject({ read: 3, written: 3, nullGeometry: 1 })
    const { rows } = await t.db.query<{ n: number; empty: boolean; d: number | null }>(
      `SELECT n, geom IS NULL AS empty, ST_HausdorffDistance(geom_3857, ST_Transform(geom, 3857)) AS d FROM data.${layer} ORDER BY fid`,
    )
    expect(rows.map((r) => [r.n, r.empty])).toEqual([[1, false], [5, true], [7, false], [8, false]])
    for (const r of rows.filter((x) => !x.empty)) expect(r.d!).toBeLessThan(1e-6)
  })
})

describe('a COPY session', () => {
  it('rolls back a COPY cancelled while it streams, and the connection stays usable', async (ctx) => {
    if (!(t.db instanceof PgDatabase)) return ctx.skip()
    const db = t.db
    const table = uniqueLayerId('copycancel')
    await db.exec(`CREATE TABLE public.${table} (n integer, s text)`)
    try {
      const rows = new CopyBinary(1 << 20)
      for (let i = 0; i < 200_000; i++) {
        rows.beginRow(2)
        rows.int4(i)
        rows.text(`第${i}行`.repeat(8))
        rows.endRow()
      }
      const abort = new AbortController()
      const run = CopySession.run(db, 60_000, async (s) => {
        const copy = s.copy(`COPY public.${table} FROM STDIN (FORMAT binary)`, rows.finish(), abort.signal)
        setImmediate(() => abort.abort())
        await copy
      })
      await expect(run).rejects.toThrow()
      const { rows: left } = await db.query<{ n: number }>(`SELECT count(*) AS n FROM public.${table}`)
      expect(Number(left[0]!.n)).toBe(0)
      await CopySession.run(db, 60_000, (s) => s.copy(`COPY public.${table} FROM STDIN (FORMAT binary)`, rows.finish()))
      const { rows: all } = await db.query<{ n: number }>(`SELECT count(*) AS n FROM public.${table}`)
      expect(Number(all[0]!.n)).toBe(200_000)
    } finally {
      await db.exec(`DROP TABLE public.${table}`)
    }
  })
})
