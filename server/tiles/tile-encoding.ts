import { brotliCompressSync, constants, gzipSync } from 'node:zlib'

/** Content codings a tile is sent in besides identity, in order of preference. */
export type TileCoding = 'br' | 'gzip'

/** Smaller tiles are sent as they are: compressing a few hundred bytes saves nothing a user notices. */
export const COMPRESS_MIN_BYTES = 1024

/**
 * Measured on the demo's tiles (1–135 KB of MVT): Brotli at quality 1 compresses as well as gzip
 * level 1 (ratio 1.4–2.0 against 1.45–2.2) in 40–45 % of its CPU time, so it is preferred wherever
 * the client takes it (browsers do over HTTPS). Gzip stays at level 1: higher levels cost twice the
 * CPU on a miss for ≈ 4 % smaller tiles. Compression is synchronous: for tiles this small the
 * thread-pool round trip costs more than it saves.
 */
const BROTLI_QUALITY = 1
const GZIP_LEVEL = 1

export function compressTile(mvt: Buffer, coding: TileCoding): Buffer {
  if (coding === 'gzip') return gzipSync(mvt, { level: GZIP_LEVEL })
  return brotliCompressSync(mvt, { params: { [constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY, [constants.BROTLI_PARAM_SIZE_HINT]: mvt.length } })
}

/** The best coding an Accept-Encoding header allows (q=0 refuses; `*` stands for any coding not named), or null for identity. */
function parsePreferredCoding(header: string): TileCoding | null {
  const weights = new Map<string, number>()
  for (const part of header.split(',')) {
    const [coding, ...params] = part.trim().toLowerCase().split(';')
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='))
    if (coding) weights.set(coding.trim(), q ? Number(q.slice(2)) || 0 : 1)
  }
  const allows = (coding: TileCoding) => (weights.get(coding) ?? weights.get('*') ?? 0) > 0
  if (allows('br')) return 'br'
  return allows('gzip') ? 'gzip' : null
}

/** Clients send a handful of distinct Accept-Encoding values; their answers are remembered (bounded). */
const answers = new Map<string, TileCoding | null>()

export function preferredCoding(header: string | undefined): TileCoding | null {
  if (!header) return null
  let answer = answers.get(header)
  if (answer === undefined) {
    answer = parsePreferredCoding(header)
    if (answers.size >= 100) answers.clear()
    answers.set(header, answer)
  }
  return answer
}

/** A strong ETag names one representation, so each coding gets its own (RFC 9110 §8.8.3). */
export function codedEtag(etag: string, coding: TileCoding | null): string {
  if (!coding) return etag
  return `${etag.slice(0, -1)}.${coding === 'gzip' ? 'gz' : 'br'}"`
}
