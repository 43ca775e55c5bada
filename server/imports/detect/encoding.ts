import chardet from 'chardet'
import iconv from 'iconv-lite'
import type { EncodingChoice } from '../import.types.js'
import { isValidUtf8 } from '../read/text-decoder.js'

/** dBASE language driver ids (header byte 29) that name a code page; 0 and 0x57 say nothing reliable. */
const LDID_ENCODINGS: Readonly<Record<number, string>> = {
  0x01: 'cp437', 0x02: 'cp850', 0x03: 'windows-1252', 0x13: 'shift_jis', 0x26: 'cp866',
  0x4d: 'gbk', 0x4e: 'cp949', 0x4f: 'big5', 0x64: 'cp852', 0x65: 'cp866', 0x78: 'big5',
  0x79: 'cp949', 0x7a: 'gbk', 0x7b: 'shift_jis', 0xc8: 'windows-1250', 0xc9: 'windows-1251',
  0xca: 'windows-1254', 0xcb: 'windows-1253', 0xcc: 'windows-1257',
}

/** Code-page spellings seen in .cpg files, mapped to iconv-lite names. */
const CPG_ALIASES: Readonly<Record<string, string>> = {
  utf8: 'utf-8', '65001': 'utf-8', gbk: 'gbk', cp936: 'gbk', '936': 'gbk', gb2312: 'gbk', ansi936: 'gbk',
  gb18030: 'gb18030', '54936': 'gb18030', big5: 'big5', '950': 'big5', '88591': 'latin1', iso88591: 'latin1',
  latin1: 'latin1', '1252': 'windows-1252', ansi1252: 'windows-1252', '1250': 'windows-1250', ansi1250: 'windows-1250',
  '1251': 'windows-1251', ansi1251: 'windows-1251', '932': 'shift_jis', '949': 'cp949',
}

/** Normalise an encoding a person or a file named; undefined when iconv-lite does not know it. */
export function normaliseEncoding(name: string): string | undefined {
  const key = name.trim().toLowerCase().replace(/[^a-z0-9]/g, '')
  const alias = CPG_ALIASES[key] ?? CPG_ALIASES[key.replace(/^(cp|windows|ansi)/, '')]
  if (alias) return alias
  return name.length <= 40 && iconv.encodingExists(name.trim()) ? name.trim().toLowerCase() : undefined
}

/** The encoding a .cpg declares, or a warning when its content is not an encoding name (e.g. an HTML page). */
export function parseCpg(text: string, fileName: string): { encoding?: string; warning?: string } {
  const line = text.replace(/^\uFEFF/, '').trim()
  const encoding = line.length > 0 && line.length <= 40 && !/[<>\n]/.test(line) ? normaliseEncoding(line) : undefined
  if (encoding) return { encoding }
  const shown = line.length > 40 ? `${line.slice(0, 40).replace(/\s+/g, ' ')}…` : line
  return { warning: `${fileName} does not name a code page ("${shown}"); it was ignored and the encoding was taken from the .dbf.` }
}

/** The code page an LDID byte names, if it names one reliably. */
export function encodingFromLdid(ldid: number): string | undefined {
  return LDID_ENCODINGS[ldid]
}

/**
 * True when every byte ≥ 0x80 forms a GB18030 sequence and nearly all two-byte pairs lie in the
 * GB2312 block (both bytes ≥ 0xA1), as Chinese text does. Latin-1 text fails the second test:
 * an accented letter followed by an ASCII letter is a legal GBK pair but not a GB2312 one.
 */
export function looksLikeChinese(sample: Buffer): { chinese: boolean; fourByte: boolean } {
  let pairs = 0, gb2312 = 0, fourByte = false
  for (let i = 0; i < sample.length; i++) {
    const b = sample[i]!
    if (b < 0x80) continue
    const b2 = sample[i + 1]
    if (b < 0x81 || b > 0xfe || b2 === undefined) return { chinese: false, fourByte }
    if (b2 >= 0x30 && b2 <= 0x39) {
      const b3 = sample[i + 2], b4 = sample[i + 3]
      if (b3 === undefined || b4 === undefined || b3 < 0x81 || b3 > 0xfe || b4 < 0x30 || b4 > 0x39) return { chinese: false, fourByte }
      fourByte = true
      i += 3
      continue
    }
    if (b2 < 0x40 || b2 === 0x7f || b2 > 0xfe) return { chinese: false, fourByte }
    pairs++
    if (b >= 0xa1 && b2 >= 0xa1) gb2312++
    i++
  }
  return { chinese: pairs > 0 && gb2312 >= 0.9 * pairs, fourByte }
}

/**
 * Decide the encoding of text bytes with nothing declared: UTF-8 when the bytes are valid UTF-8,
 * GBK/GB18030 when they look like Chinese, otherwise chardet's best guess (Latin-1 at worst).
 */
export function detectEncoding(sample: Buffer): EncodingChoice {
  if (sample.length === 0) return { name: 'utf-8', source: 'detected', note: 'The sampled text is plain ASCII; read as UTF-8.' }
  if (isValidUtf8(sample)) return { name: 'utf-8', source: 'detected', note: 'The text is valid UTF-8.' }
  const { chinese, fourByte } = looksLikeChinese(sample)
  if (chinese) return { name: fourByte ? 'gb18030' : 'gbk', source: 'detected', note: `The text is not UTF-8 and decodes as Chinese ${fourByte ? 'GB18030' : 'GBK'}.` }
  // Isolated high bytes between ASCII letters are a single-byte code page; multi-byte guesses on
  // short samples are noise (chardet calls "México" Shift_JIS at 10 %).
  const guess = chardet.analyse(sample).find((m) => iconv.encodingExists(m.name) && /^(ISO-8859|windows-125)/i.test(m.name) && m.confidence >= 30)
  const name = guess ? guess.name.toLowerCase() : 'latin1'
  return { name, source: 'detected', note: `The text is neither UTF-8 nor Chinese; guessed ${name}${guess ? ` (confidence ${guess.confidence}%)` : ''}. Pass an encoding explicitly if names look wrong.` }
}

/** What is known about a .dbf's text when choosing how to decode it. */
export interface EncodingEvidence {
  option?: string
  cpg?: { text: string; fileName: string }
  ldid: number
  /** Sampled text, read only when the option, .cpg and LDID do not decide (it reads 2 MB of the file). */
  sample: () => Promise<Buffer>
}

/**
 * The encoding of a .dbf: an explicit option, else the .cpg, else a reliable LDID byte, else
 * detection. A .cpg that is not an encoding name, or that says UTF-8 over bytes that are not, is
 * overruled with a note rather than trusted.
 */
export async function chooseEncoding(evidence: EncodingEvidence, notes: string[]): Promise<EncodingChoice> {
  if (evidence.option) return { name: normaliseEncoding(evidence.option) ?? evidence.option, source: 'option' }
  if (evidence.cpg) {
    const { encoding, warning } = parseCpg(evidence.cpg.text, evidence.cpg.fileName)
    if (warning) notes.push(warning)
    const sample = encoding === 'utf-8' ? await evidence.sample() : null
    if (sample && !isValidUtf8(sample)) {
      const detected = detectEncoding(sample)
      notes.push(`${evidence.cpg.fileName} says UTF-8 but the text is not valid UTF-8; read as ${detected.name} instead.`)
      return detected
    }
    if (encoding) return { name: encoding, source: 'cpg' }
  }
  const fromLdid = encodingFromLdid(evidence.ldid)
  if (fromLdid) return { name: fromLdid, source: 'ldid', note: `The .dbf language driver byte is 0x${evidence.ldid.toString(16).toUpperCase()}.` }
  return detectEncoding(await evidence.sample())
}
