import iconv from 'iconv-lite'
import type { ShapefileEncoding } from './export.types.js'

/** Encode text for a DBF; characters GBK cannot hold become '?'. */
export function encodeText(text: string, encoding: ShapefileEncoding): Buffer {
  return encoding === 'utf-8' ? Buffer.from(text, 'utf8') : iconv.encode(text, 'gbk')
}

/**
 * The longest prefix of `text` that fits in `maxBytes` in `encoding`, cut between characters
 * (never inside a multi-byte character or a surrogate pair).
 */
export function truncateToBytes(text: string, maxBytes: number, encoding: ShapefileEncoding): string {
  if (encodeText(text, encoding).length <= maxBytes) return text
  let used = 0
  let end = 0
  for (const char of text) {
    const size = encodeText(char, encoding).length
    if (used + size > maxBytes) break
    used += size
    end += char.length
  }
  return text.slice(0, end)
}

/** Whether encoding lost characters (GBK has no code for them, so they were written as '?'). */
export function lostCharacters(text: string, encoded: Buffer): boolean {
  let questionMarks = 0
  for (const byte of encoded) if (byte === 0x3f) questionMarks++
  let expected = 0
  for (const char of text) if (char === '?') expected++
  return questionMarks !== expected
}
