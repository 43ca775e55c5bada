/** A WKT node such as PROJCS["name", GEOGCS[…], PARAMETER["x", 1]]. */
export interface WktNode {
  keyword: string
  args: WktValue[]
}
export type WktValue = string | number | WktNode

const TOKEN = /\s*(?:([A-Za-z_][A-Za-z0-9_]*)|("(?:[^"]|"")*")|([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)|([[\](),]))/y

function tokenize(text: string): string[] | null {
  const tokens: string[] = []
  TOKEN.lastIndex = 0
  while (TOKEN.lastIndex < text.length) {
    if (/^\s*$/.test(text.slice(TOKEN.lastIndex))) break
    const m = TOKEN.exec(text)
    if (!m) return null
    tokens.push(m[1] ?? m[2] ?? m[3] ?? m[4]!)
  }
  return tokens
}

const OPEN = /^[[(]$/
const CLOSE = /^[\])]$/

/** Recursive-descent parser over the token list; returns null on any syntax error. */
class WktParser {
  private at = 0
  constructor(private readonly tokens: string[]) {}

  parse(): WktNode | null {
    const root = this.node()
    return root && this.at === this.tokens.length ? root : null
  }

  private node(): WktNode | null {
    const keyword = this.tokens[this.at++]!
    if (!/^[A-Za-z_]/.test(keyword) || !OPEN.test(this.tokens[this.at++] ?? '')) return null
    const args: WktValue[] = []
    while (this.at < this.tokens.length && !CLOSE.test(this.tokens[this.at]!)) {
      if (this.tokens[this.at] === ',') {
        this.at++
        continue
      }
      const value = this.value()
      if (value === null) return null
      args.push(value)
    }
    if (this.at++ >= this.tokens.length) return null
    return { keyword: keyword.toUpperCase(), args }
  }

  private value(): WktValue | null {
    const t = this.tokens[this.at]!
    if (OPEN.test(this.tokens[this.at + 1] ?? '')) return this.node()
    this.at++
    if (t.startsWith('"')) return t.slice(1, -1).replace(/""/g, '"')
    if (/^[-+.\d]/.test(t)) return Number(t)
    // A bare word such as EAST in AXIS["Easting",EAST].
    return t
  }
}

/** Parse WKT (ESRI or OGC WKT1, or WKT2). Returns null when the text is not WKT at all. */
export function parseWkt(text: string): WktNode | null {
  const tokens = tokenize(text.replace(/^\uFEFF/, '').trim())
  if (!tokens || tokens.length < 3) return null
  return new WktParser(tokens).parse()
}

/** The first child node with one of the keywords. */
export function child(node: WktNode, ...keywords: string[]): WktNode | undefined {
  return node.args.find((a): a is WktNode => typeof a === 'object' && keywords.includes(a.keyword))
}

/** All child nodes with a keyword. */
export function children(node: WktNode, keyword: string): WktNode[] {
  return node.args.filter((a): a is WktNode => typeof a === 'object' && a.keyword === keyword)
}

/** The node's name (its first argument when it is a string). */
export function nameOf(node: WktNode | undefined): string {
  const first = node?.args[0]
  return typeof first === 'string' ? first : ''
}

/** The numeric argument at a position, or NaN. */
export function numberAt(node: WktNode | undefined, index: number): number {
  const value = node?.args[index]
  return typeof value === 'number' ? value : NaN
}
