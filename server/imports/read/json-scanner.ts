import { createReadStream } from 'node:fs'
import { StringDecoder } from 'node:string_decoder'
import { ImportInputError } from '../import-errors.js'

/** What the scanner finds in a GeoJSON file: top-level members and, one at a time, the features. */
export type ScanEvent = { kind: 'member'; key: string; value: unknown } | { kind: 'feature'; value: unknown }

/** Largest single feature (or top-level member) accepted as one JSON text. */
const MAX_VALUE_CHARS = 256 * 1024 * 1024

const WS = new Set([' ', '\t', '\n', '\r', '\ufeff'])

/**
 * Captures one JSON value that may span chunks: strings are skipped with their escapes, brackets
 * counted; the value ends when its outermost bracket closes (or, for a scalar, at a delimiter).
 */
class ValueCapture {
  private parts: string[] = []
  private length = 0
  private depth = 0
  private inString = false
  private escaped = false
  private scalar = false
  private started = false

  /** Feed text from `from`; returns the index just past the value, or -1 if it continues in the next chunk. */
  feed(text: string, from: number): number {
    for (let i = from; i < text.length; i++) {
      const c = text[i]!
      if (!this.started) {
        this.started = true
        this.scalar = c !== '{' && c !== '[' && c !== '"'
      }
      if (this.inString) {
        if (this.escaped) this.escaped = false
        else if (c === '\\') this.escaped = true
        else if (c === '"') {
          this.inString = false
          if (this.depth === 0) return this.finish(text, from, i + 1)
        }
      } else if (c === '"') this.inString = true
      else if (c === '{' || c === '[') this.depth++
      else if (c === '}' || c === ']') {
        if (this.scalar) return this.finish(text, from, i)
        if (--this.depth === 0) return this.finish(text, from, i + 1)
      } else if (this.scalar && (c === ',' || WS.has(c))) return this.finish(text, from, i)
    }
    this.push(text.slice(from))
    return -1
  }

  private push(part: string): void {
    this.length += part.length
    if (this.length > MAX_VALUE_CHARS) throw new ImportInputError('A single GeoJSON feature is larger than 256 MB; split the file.')
    this.parts.push(part)
  }

  private finish(text: string, from: number, end: number): number {
    this.push(text.slice(from, end))
    return end
  }

  /** The captured text, parsed. */
  value(where: string): unknown {
    const text = this.parts.join('')
    try {
      return JSON.parse(text)
    } catch (error) {
      throw new ImportInputError(`The file is not valid JSON (${where}: ${(error as Error).message}). Check that it was saved completely.`)
    }
  }
}

type State =
  | 'start' | 'key-or-end' | 'key-required' | 'key' | 'colon' | 'value' | 'after-member'
  | 'features-open' | 'element-or-end' | 'element-required' | 'element' | 'after-element' | 'done'

/**
 * Streams a GeoJSON object with bounded memory: every top-level member is parsed on its own, and
 * the `features` array is delivered one feature at a time. Anything that is not a JSON object at
 * the top is refused with a message a person can act on.
 */
export class GeoJsonScanner {
  private state: State = 'start'
  private key = ''
  private capture = new ValueCapture()
  private count = 0
  private offset = 0
  private capturing = false
  private keyEscaped = false
  private readonly events: ScanEvent[] = []

  /** Process one chunk of text and return the events it completed. */
  push(text: string): ScanEvent[] {
    let i = 0
    while (i < text.length) i = this.step(text, i)
    this.offset += text.length
    return this.events.splice(0)
  }

  /** Call at the end of the input: refuses a truncated file. */
  end(): void {
    if (this.state === 'value' || this.state === 'element') this.push(' ')
    if (this.state !== 'done') throw new ImportInputError(`The JSON ends too early (after ${this.count} features): the file is truncated or not a complete JSON object.`)
  }

  private fail(c: string, at: number): never {
    const where = `at character ${this.offset + at + 1}`
    if (this.state === 'start') throw new ImportInputError(`The file is not GeoJSON: it must be a JSON object with a "type" member, but it starts with "${c}".`)
    throw new ImportInputError(`The file is not valid JSON: unexpected "${c}" ${where}.`)
  }

  private step(text: string, i: number): number {
    const c = text[i]!
    switch (this.state) {
      case 'start':
        if (WS.has(c)) return i + 1
        if (c !== '{') this.fail(c, i)
        this.state = 'key-or-end'
        return i + 1
      case 'key-or-end':
      case 'key-required':
      case 'after-member':
        return this.objectPunctuation(c, i)
      case 'element-or-end':
      case 'element-required':
      case 'after-element':
        return this.arrayPunctuation(c, i)
      case 'key':
        return this.readKey(text, i)
      case 'colon':
        if (WS.has(c)) return i + 1
        if (c !== ':') this.fail(c, i)
        this.state = this.key === 'features' ? 'features-open' : 'value'
        return i + 1
      case 'features-open':
        if (WS.has(c)) return i + 1
        if (c !== '[') throw new ImportInputError('The "features" member of the GeoJSON is not an array.')
        // Features stream one by one; the member itself is announced (empty) so its presence is known.
        this.events.push({ kind: 'member', key: 'features', value: [] })
        this.state = 'element-or-end'
        return i + 1
      case 'value':
      case 'element':
        return WS.has(c) && !this.capturing ? i + 1 : this.captureValue(text, i)
      case 'done':
        if (WS.has(c)) return i + 1
        throw new ImportInputError('The file has more content after its GeoJSON object. For one feature per line, name the file .geojsonl (GeoJSON text sequence).')
    }
  }

  /** Between members of the top-level object: a key, a comma or the closing brace, each only where JSON allows it. */
  private objectPunctuation(c: string, i: number): number {
    if (WS.has(c)) return i + 1
    if (c === '"' && this.state !== 'after-member') this.startKey()
    else if (c === ',' && this.state === 'after-member') this.state = 'key-required'
    else if (c === '}' && this.state !== 'key-required') this.state = 'done'
    else this.fail(c, i)
    return i + 1
  }

  /** Between features: a value, a comma or the closing bracket. */
  private arrayPunctuation(c: string, i: number): number {
    if (WS.has(c)) return i + 1
    if (this.state === 'after-element') {
      if (c === ',') this.state = 'element-required'
      else if (c === ']') this.state = 'after-member'
      else this.fail(c, i)
      return i + 1
    }
    if (c === ']' && this.state === 'element-or-end') {
      this.state = 'after-member'
      return i + 1
    }
    if (c === ',' || c === ']') this.fail(c, i)
    this.state = 'element'
    return i
  }

  private startKey(): void {
    this.state = 'key'
    this.key = ''
    this.keyEscaped = false
  }

  /** Member names are compared as written: GeoJSON's own keys never need escapes. */
  private readKey(text: string, i: number): number {
    for (let k = i; k < text.length; k++) {
      const c = text[k]!
      if (this.keyEscaped) this.keyEscaped = false
      else if (c === '\\') this.keyEscaped = true
      else if (c === '"') {
        this.key += text.slice(i, k)
        this.state = 'colon'
        return k + 1
      }
    }
    this.key += text.slice(i)
    return text.length
  }

  private captureValue(text: string, i: number): number {
    this.capturing = true
    const end = this.capture.feed(text, i)
    if (end < 0) return text.length
    this.capturing = false
    if (this.state === 'element') {
      this.count++
      this.events.push({ kind: 'feature', value: this.capture.value(`feature ${this.count}`) })
      this.state = 'after-element'
    } else {
      this.events.push({ kind: 'member', key: this.key, value: this.capture.value(`member "${this.key}"`) })
      this.state = 'after-member'
    }
    this.capture = new ValueCapture()
    return end
  }
}

/** Scan a GeoJSON file from disk, yielding members and features as they complete. */
export async function* scanGeoJsonFile(path: string): AsyncGenerator<ScanEvent> {
  const scanner = new GeoJsonScanner()
  const decoder = new StringDecoder('utf8')
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    yield* scanner.push(decoder.write(chunk as Buffer))
  }
  scanner.push(decoder.end())
  scanner.end()
}
