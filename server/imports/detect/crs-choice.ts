import { parseCrs } from '../../crs/crs.js'
import type { CrsChoice } from '../import.types.js'
import { ImportInputError } from '../import-errors.js'
import { gkSystem, systemForPrefixedEasting } from './gauss-kruger-zones.js'
import { identifyPrj } from './prj-identify.js'

/** [xmin, ymin, xmax, ymax] of the source coordinates, when known. */
export type Bbox = [number, number, number, number]

export interface CrsEvidence {
  /** --srs / the `srs` form field. */
  option?: string
  prj?: { text: string; fileName: string }
  /** What the format itself implies (GeoJSON: its crs member, else CRS84). */
  formatDefault?: CrsChoice
  bbox?: Bbox
  /** "xzq.shp", for messages. */
  sourceName: string
}

const isLonLat = (b: Bbox) => b[0] >= -180 && b[2] <= 180 && b[1] >= -90 && b[3] <= 90
const usable = (b?: Bbox): b is Bbox => !!b && b.every(Number.isFinite) && b[0] <= b[2] && b[1] <= b[3]

/** The advice given when nothing says which CRS the coordinates are in: it reads the coordinates. */
export function missingCrsAdvice(bbox?: Bbox): string {
  if (!usable(bbox)) return 'Pass the coordinate system with --srs EPSG:n (API: the srs field).'
  const x = Math.round(bbox[0])
  if (isLonLat(bbox)) return 'The coordinates look like longitude/latitude: pass --srs EPSG:4490 for CGCS2000 or --srs EPSG:4326 for WGS 84 (and the GCJ-02 correction only for data copied from internet maps).'
  const prefixed = bbox[0] >= 1e7 && bbox[2] < 1e8 ? systemForPrefixedEasting(bbox[0]) : undefined
  if (prefixed && Math.floor(bbox[2] / 1e6) === prefixed.zone) {
    return `The eastings have eight digits (e.g. ${x}): the first two are the zone number ${prefixed.zone}, so this is a zone-prefixed ${prefixed.width}° Gauss-Krüger system. For CGCS2000 that is EPSG:${prefixed.srid} (${prefixed.width}° zone ${prefixed.zone}, central meridian ${prefixed.centralMeridian}°E): pass --srs EPSG:${prefixed.srid}, or add the .prj from the data's source.`
  }
  if (bbox[0] >= 1e5 && bbox[2] < 1e6 && bbox[1] > 0 && bbox[3] < 1e7) {
    return `The eastings have six digits (e.g. ${x}): a Gauss-Krüger system without zone prefix, whose central meridian cannot be read from the coordinates. Pass it with --srs: for Ningxia EPSG:4544 (3° zone 35, 105°E) or EPSG:4545 (3° zone 36, 108°E); in general EPSG:4534–4554 (3° zones) or EPSG:4502–4512 (6° zones).`
  }
  return `The coordinates (x ${x}…${Math.round(bbox[2])}, y ${Math.round(bbox[1])}…${Math.round(bbox[3])}) match no common system: pass --srs EPSG:n.`
}

/** Why coordinates cannot be in a CRS (eight-digit eastings under an unprefixed zone…), or undefined. */
export function implausibility(srid: number, bbox?: Bbox): string | undefined {
  if (!usable(bbox)) return undefined
  const gk = gkSystem(srid)
  if (srid === 4490 || srid === 4326) return isLonLat(bbox) ? undefined : 'the coordinates are not longitude/latitude'
  if (!gk) return undefined
  const prefixed = gk.falseEasting > 1e6
  const zoneOk = Math.floor(bbox[0] / 1e6) === gk.zone && Math.floor(bbox[2] / 1e6) === gk.zone
  if (prefixed && !zoneOk) return `the eastings (${Math.round(bbox[0])}…) do not start with the zone number ${gk.zone}`
  if (!prefixed && (bbox[0] < 0 || bbox[2] >= 1e6)) return `the eastings (${Math.round(bbox[0])}…) are not six-digit values around 500000`
  return undefined
}

function fromOption(option: string, evidence: CrsEvidence, notes: string[]): CrsChoice {
  const srid = parseCrs(option).srid
  if (!evidence.prj) return { srid, source: 'option' }
  const prj = safeIdentify(evidence.prj)
  if (prj === null) notes.push(notACrs(evidence.prj))
  else if (prj && prj.srid !== srid) notes.push(`${evidence.prj.fileName} says EPSG:${prj.srid}; EPSG:${srid} was used as asked.`)
  return { srid, source: 'option' }
}

/** The .prj's identity, null when it is no CRS definition, undefined when it names one OneMap refuses. */
function safeIdentify(prj: { text: string; fileName: string }) {
  try {
    return identifyPrj(prj.text, prj.fileName)
  } catch {
    return undefined
  }
}

function notACrs(prj: { text: string; fileName: string }): string {
  return `${prj.fileName} does not hold a coordinate system definition (it starts "${prj.text.trim().slice(0, 30)}…"); it was ignored.`
}

/**
 * Decide the source CRS: --srs, else the .prj identified by its parameters, else the format's own
 * rule (GeoJSON). Refuses (422) when none applies, with advice read from the coordinates, and
 * when the coordinates cannot be in the chosen CRS.
 */
export function chooseCrs(evidence: CrsEvidence, notes: string[]): CrsChoice {
  let choice: CrsChoice | undefined = evidence.formatDefault
  if (evidence.option) choice = fromOption(evidence.option, evidence, notes)
  else if (evidence.prj) {
    const found = identifyPrj(evidence.prj.text, evidence.prj.fileName)
    if (found) choice = { srid: found.srid, source: 'prj', declaredName: found.name }
    else notes.push(notACrs(evidence.prj))
  }
  if (!choice) throw new ImportInputError(`${evidence.sourceName} has no usable coordinate system (no readable .prj). ${missingCrsAdvice(evidence.bbox)}`)
  const problem = implausibility(choice.srid, evidence.bbox)
  if (problem) {
    const by = choice.source === 'prj' ? ' by its .prj' : choice.source === 'option' ? ' by the srs option' : ''
    throw new ImportInputError(`${evidence.sourceName} is declared as EPSG:${choice.srid}${by}, but ${problem}. ${missingCrsAdvice(evidence.bbox)}`)
  }
  return choice
}
