import { execFileSync } from 'node:child_process'
import type { FeatureCollection } from 'geojson'
import yauzl from 'yauzl'

/** GDAL's version line, or undefined when gdal-bin is not installed (the GDAL comparisons then skip, saying so). */
export const GDAL_VERSION = (() => {
  try {
    return execFileSync('ogr2ogr', ['--version'], { encoding: 'utf8' }).trim()
  } catch {
    return undefined
  }
})()
if (!GDAL_VERSION) console.warn('gdal-bin (ogr2ogr, ogrinfo, gdalsrsinfo) is not installed: the comparisons with what GDAL reads are SKIPPED.')

const MAX_OUTPUT = 512 * 1024 * 1024

/** What GDAL reads from `source` (a file, or /vsizip/… path), as GeoJSON with coordinates unchanged. */
export function gdalRead(source: string, openOptions: string[] = []): FeatureCollection & { crs?: { properties: { name: string } } } {
  const args = ['-f', 'GeoJSON', '/vsistdout/', source, ...openOptions.flatMap((o) => ['-oo', o])]
  return JSON.parse(execFileSync('ogr2ogr', args, { encoding: 'utf8', maxBuffer: MAX_OUTPUT }))
}

/** The EPSG code GDAL identified for what it read (from the "crs" member ogr2ogr writes), if any. */
export function gdalEpsg(collection: { crs?: { properties: { name: string } } }): number | undefined {
  const match = /EPSG::(\d+)$/.exec(collection.crs?.properties.name ?? '')
  return match ? Number(match[1]) : undefined
}

/** Field name → "Type (width.precision)" as `ogrinfo -so` reports it. */
export function gdalFieldTypes(source: string): Record<string, string> {
  const text = execFileSync('ogrinfo', ['-so', '-al', source], { encoding: 'utf8', maxBuffer: MAX_OUTPUT })
  const fields: Record<string, string> = {}
  const start = text.indexOf('Data axis to CRS axis mapping')
  for (const line of text.slice(start >= 0 ? start : 0).split('\n')) {
    const m = /^(.+?): (\w+ \(\d+\.\d+\))$/.exec(line.trim())
    if (m) fields[m[1]] = m[2]
  }
  return fields
}

/** ESRI WKT of an EPSG code as GDAL writes it, on one line. */
export function gdalEsriWkt(srid: number): string {
  return execFileSync('gdalsrsinfo', ['--single-line', '-o', 'wkt_esri', `EPSG:${srid}`], { encoding: 'utf8' }).trim()
}

/** The files of a zip, by name (yauzl, the same library family the server zips with; GDAL reads /vsizip/ itself). */
export async function unzip(buffer: Buffer): Promise<Map<string, Buffer>> {
  const zip = await yauzl.fromBufferPromise(buffer, { lazyEntries: true })
  const files = new Map<string, Buffer>()
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (entry: yauzl.Entry) => {
      zip.openReadStreamPromise(entry).then(async (stream) => {
        const chunks: Buffer[] = []
        for await (const chunk of stream) chunks.push(chunk as Buffer)
        files.set(entry.fileName, Buffer.concat(chunks))
        zip.readEntry()
      }, reject)
    })
    zip.on('end', resolve)
    zip.on('error', reject)
    zip.readEntry()
  })
  return files
}
