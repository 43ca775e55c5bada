/**
 * The CGCS2000 Gauss-Krüger systems of EPSG, derived from their defining parameters rather than
 * from names (public code often mislabels them): 6° zones 13–23 (EPSG:4491–4501 with the zone
 * number in front of the easting, 4502–4512 without), 3° zones 25–45 (EPSG:4513–4533 with,
 * 4534–4554 without). All have scale 1, latitude of origin 0 and false northing 0.
 */
export interface GkSystem {
  srid: number
  /** 3 or 6 (degrees). */
  width: 3 | 6
  zone: number
  centralMeridian: number
  falseEasting: number
}

function systems(): GkSystem[] {
  const list: GkSystem[] = []
  for (let zone = 13; zone <= 23; zone++) {
    const cm = 6 * zone - 3
    list.push({ srid: 4491 + zone - 13, width: 6, zone, centralMeridian: cm, falseEasting: zone * 1e6 + 500000 })
    list.push({ srid: 4502 + zone - 13, width: 6, zone, centralMeridian: cm, falseEasting: 500000 })
  }
  for (let zone = 25; zone <= 45; zone++) {
    list.push({ srid: 4513 + zone - 25, width: 3, zone, centralMeridian: 3 * zone, falseEasting: zone * 1e6 + 500000 })
    list.push({ srid: 4534 + zone - 25, width: 3, zone, centralMeridian: 3 * zone, falseEasting: 500000 })
  }
  return list.sort((a, b) => a.srid - b.srid)
}

export const GK_SYSTEMS: readonly GkSystem[] = systems()

const close = (a: number, b: number) => Math.abs(a - b) < 1e-6

/**
 * The EPSG code of a CGCS2000 Gauss-Krüger definition. Without a zone prefix, a central meridian
 * that is both a 3° and a 6° one (75°, 81°, … 135°) has two mathematically identical codes: the
 * name only breaks that tie (3° unless the name says otherwise), it never decides alone.
 */
export function gkSridFor(centralMeridian: number, falseEasting: number, name = ''): number | undefined {
  const matches = GK_SYSTEMS.filter((s) => close(s.centralMeridian, centralMeridian) && close(s.falseEasting, falseEasting))
  if (matches.length <= 1) return matches[0]?.srid
  const sixDegree = /(^|[^0-9])6.?deg|GK_CM|Gauss.?Kruger.?CM/i.test(name) && !/3.?deg/i.test(name)
  return matches.find((s) => s.width === (sixDegree ? 6 : 3))!.srid
}

export function gkSystem(srid: number): GkSystem | undefined {
  return GK_SYSTEMS.find((s) => s.srid === srid)
}

/** For eight-digit eastings: the zone number in front, and the system it implies. */
export function systemForPrefixedEasting(easting: number): GkSystem | undefined {
  const zone = Math.floor(easting / 1e6)
  return GK_SYSTEMS.find((s) => s.zone === zone && s.falseEasting > 1e6)
}
