import type { ShapefileEncoding } from './export.types.js'
import { encodeText, truncateToBytes } from './text-encoding.js'

/** DBF field names hold at most 10 bytes. */
export const DBF_NAME_BYTES = 10

/**
 * Shapefile names for `names`, in order. Names that fit (≤ 10 bytes in the encoding) are kept;
 * longer ones are cut to 10 bytes on a character boundary and, if that clashes with another name
 * (compared case-insensitively, as DBF readers do), cut shorter and given a suffix _1, _2, …
 * The result depends only on the names and the encoding, so the same layer always maps the same way.
 */
export function shapefileFieldNames(names: string[], encoding: ShapefileEncoding): string[] {
  const taken = new Set<string>()
  const result: (string | undefined)[] = names.map((name) => {
    const key = name.toUpperCase()
    if (encodeText(name, encoding).length > DBF_NAME_BYTES || taken.has(key)) return undefined
    taken.add(key)
    return name
  })
  return result.map((kept, i) => kept ?? shortenedName(names[i], encoding, taken))
}

function shortenedName(name: string, encoding: ShapefileEncoding, taken: Set<string>): string {
  let candidate = truncateToBytes(name, DBF_NAME_BYTES, encoding)
  for (let n = 1; taken.has(candidate.toUpperCase()); n++) {
    const suffix = `_${n}`
    candidate = truncateToBytes(name, DBF_NAME_BYTES - suffix.length, encoding) + suffix
  }
  taken.add(candidate.toUpperCase())
  return candidate
}
