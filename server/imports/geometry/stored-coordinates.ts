import { gkSystem } from '../detect/gauss-kruger-zones.js'
import type { FlatGeometry } from './flat.js'
import { inverseGaussKrugerInto } from './gauss-kruger.js'

const R = 6378137
const RAD = Math.PI / 180
/** Positions beyond these are left to PostGIS (PROJ wraps or refuses them): 3857 needs |lat| < 90. */
const MAX_LAT = 89.5

/** Source position → CGCS2000 longitude/latitude degrees written to out; false outside the domain where this is exact. */
type Inverse = (x: number, y: number, out: number[]) => boolean

function gaussKruger(srid: number): Inverse | undefined {
  const gk = gkSystem(srid)
  if (!gk) return undefined
  const { centralMeridian, falseEasting } = gk
  // Within 1,000 km of the central meridian and 10,000 km of the equator (far wider than a zone).
  return (x, y, out) => {
    if (!(Math.abs(x - falseEasting) <= 1e6 && Math.abs(y) <= 1e7)) return false
    inverseGaussKrugerInto(x, y, centralMeridian, falseEasting, out)
    return true
  }
}

const lonLat: Inverse = (x, y, out) => {
  out[0] = x
  out[1] = y
  return true
}

const webMercator: Inverse = (x, y, out) => {
  if (!(Math.abs(x) <= Math.PI * R)) return false
  out[0] = x / R / RAD
  out[1] = (2 * Math.atan(Math.exp(y / R)) - Math.PI / 2) / RAD
  return true
}

function inverseFor(srid: number): Inverse | undefined {
  if (srid === 4490 || srid === 4326) return lonLat
  if (srid === 3857) return webMercator
  return gaussKruger(srid)
}

/**
 * The stored coordinates of a feature computed in the import stream: EPSG:4490 (the `geom` column)
 * and EPSG:3857 (`geom_3857`, which the layer's trigger would compute). Gauss-Krüger uses Krüger's
 * series to sixth order as PROJ does, Web Mercator its closed form; both agree with PostGIS's
 * ST_Transform to within a few units in the last place (about 1e-14° and 1e-8 m), which the tests
 * check. CGCS2000 and WGS 84 longitude/latitude are the same numbers (PostGIS/PROJ use a null
 * transformation between them). Positions outside the domain where that holds make `apply` return
 * false: the caller lets PostGIS transform that feature.
 */
export class StoredCoordinates {
  lonLat = new Float64Array(1024)
  mercator = new Float64Array(1024)
  private readonly out = [0, 0]

  private constructor(private readonly inverse: Inverse) {}

  /** For sources in `srid`; undefined when only PostGIS can transform them. */
  static for(srid: number): StoredCoordinates | undefined {
    const inverse = inverseFor(srid)
    return inverse && new StoredCoordinates(inverse)
  }

  /** Compute both coordinate sets of `g`; false if a position must be left to PostGIS. */
  apply(g: FlatGeometry): boolean {
    const n = 2 * g.points
    if (this.lonLat.length < n) {
      this.lonLat = new Float64Array(2 * n)
      this.mercator = new Float64Array(2 * n)
    }
    const { xy } = g, { lonLat, mercator, out, inverse } = this
    for (let i = 0; i < n; i += 2) {
      if (!inverse(xy[i]!, xy[i + 1]!, out)) return false
      const lon = out[0]!, lat = out[1]!
      if (!(Math.abs(lon) <= 180 && Math.abs(lat) < MAX_LAT)) return false
      lonLat[i] = lon
      lonLat[i + 1] = lat
      mercator[i] = R * (lon * RAD)
      mercator[i + 1] = R * Math.asinh(Math.tan(lat * RAD))
    }
    return true
  }
}
