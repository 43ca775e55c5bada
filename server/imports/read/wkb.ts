import type { Geometry, Position } from '../import.types.js'

/** A WKB geometry read to 2-D GeoJSON layout, with what had to be dropped to get there. */
export interface WkbGeometry {
  geometry: Geometry | null
  /** Z and/or M ordinates were present and dropped. */
  droppedZm: boolean
  /** What was not a simple feature OneMap stores (a GeometryCollection, a curve…), to be reported. */
  unsupported?: string
}

const NAMES = ['', 'Point', 'LineString', 'Polygon', 'MultiPoint', 'MultiLineString', 'MultiPolygon', 'GeometryCollection']

/**
 * Reads ISO WKB (type + 1000 for Z, + 2000 for M, + 3000 for ZM) and EWKB flags, as GeoPackage and
 * PostGIS write them, in either byte order. Only the first two ordinates are kept.
 */
class WkbReader {
  private offset: number
  private little = true
  droppedZm = false

  constructor(private readonly view: DataView, offset: number) {
    this.offset = offset
  }

  private need(bytes: number): void {
    if (this.offset + bytes > this.view.byteLength) throw new RangeError('the WKB ends before the geometry does')
  }

  private u32(): number {
    this.need(4)
    const v = this.view.getUint32(this.offset, this.little)
    this.offset += 4
    return v
  }

  private f64(): number {
    const v = this.view.getFloat64(this.offset, this.little)
    this.offset += 8
    return v
  }

  /** Byte order and type of the next geometry: [base type 1–7 or other, ordinates per position]. */
  private header(): [number, number] {
    this.need(1)
    this.little = this.view.getUint8(this.offset++) === 1
    const raw = this.u32()
    let dims = 2
    if (raw & 0x80000000) dims++
    if (raw & 0x40000000) dims++
    const code = raw & 0x0fffffff
    const iso = Math.floor(code / 1000)
    if (iso === 1 || iso === 2) dims++
    if (iso === 3) dims += 2
    if (dims > 2) this.droppedZm = true
    return [code % 1000, dims]
  }

  private position(dims: number): Position {
    this.need(8 * dims)
    const p = [this.f64(), this.f64()]
    this.offset += 8 * (dims - 2)
    return p
  }

  private positions(dims: number): Position[] {
    const n = this.u32()
    this.need(n * 8 * dims)
    return Array.from({ length: n }, () => this.position(dims))
  }

  private rings(dims: number): Position[][] {
    return Array.from({ length: this.u32() }, () => this.positions(dims))
  }

  /** Parts of a multi geometry, each a full WKB geometry of `type`. */
  private parts<T>(type: number, read: (dims: number) => T): T[] {
    return Array.from({ length: this.u32() }, () => {
      const [partType, dims] = this.header()
      if (partType !== type) throw new UnsupportedGeometry(`a ${NAMES[type] ?? type} part inside a multi geometry of another kind`)
      return read(dims)
    })
  }

  geometry(): Geometry | null {
    const [type, dims] = this.header()
    switch (type) {
      case 1: {
        const p = this.position(dims)
        // GeoPackage writes an empty point as NaN coordinates.
        return Number.isNaN(p[0]) && Number.isNaN(p[1]) ? null : { type: 'Point', coordinates: p }
      }
      case 2:
        return { type: 'LineString', coordinates: this.positions(dims) }
      case 3:
        return { type: 'Polygon', coordinates: this.rings(dims) }
      case 4:
        return { type: 'MultiPoint', coordinates: this.parts(1, (d) => this.position(d)) }
      case 5:
        return { type: 'MultiLineString', coordinates: this.parts(2, (d) => this.positions(d)) }
      case 6:
        return { type: 'MultiPolygon', coordinates: this.parts(3, (d) => this.rings(d)) }
      default:
        throw new UnsupportedGeometry(NAMES[type] ? `a ${NAMES[type]}` : `WKB geometry type ${type} (a curve, surface or solid)`)
    }
  }
}

class UnsupportedGeometry extends Error {}

/** Whether a geometry has no positions at all (EMPTY in WKT). */
function isEmpty(g: Geometry): boolean {
  if (g.type === 'Point') return false
  return (g.coordinates as unknown[]).length === 0
}

/**
 * Read a WKB geometry from `bytes` at `offset`. Empty geometries come back as null; kinds OneMap
 * cannot store come back as null with `unsupported` saying what they were; damaged bytes throw a
 * RangeError naming the problem.
 */
export function readWkb(bytes: Uint8Array, offset = 0): WkbGeometry {
  const reader = new WkbReader(new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), offset)
  try {
    const geometry = reader.geometry()
    return { geometry: geometry && !isEmpty(geometry) ? geometry : null, droppedZm: reader.droppedZm }
  } catch (error) {
    if (error instanceof UnsupportedGeometry) return { geometry: null, droppedZm: reader.droppedZm, unsupported: error.message }
    throw error
  }
}
