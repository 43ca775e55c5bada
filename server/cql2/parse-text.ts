import { readFileSync } from 'node:fs'
import peggy from 'peggy'
import { Cql2Error } from './errors.js'
import { CQL2_LIMITS, type Cql2Limits } from './limits.js'
import type { Cql2Expression } from './types.js'
import { validateCql2 } from './validate.js'

// Generated once at module load from the grammar beside this file, so the grammar is the only source.
const parser = peggy.generate(readFileSync(new URL('./cql2-text.peggy', import.meta.url), 'utf8'), { grammarSource: 'cql2-text' })

/**
 * Parse a CQL2 Text filter into CQL2 JSON. Throws Cql2Error (400) naming the line and column of a
 * syntax error and what was expected there.
 */
export function parseCql2Text(text: string, limits: Cql2Limits = CQL2_LIMITS): Cql2Expression {
  if (typeof text !== 'string') throw new Cql2Error('A CQL2 Text filter must be a string.')
  if (text.length > limits.maxTextLength) {
    throw new Cql2Error(`The filter is ${text.length} characters long; at most ${limits.maxTextLength} are allowed. Simplify geometries or split the request.`)
  }
  if (text.trim() === '') throw new Cql2Error('The filter is empty; write a condition such as name = \'Berlin\'.')
  checkParenthesisDepth(text, limits.maxDepth)
  return validateCql2(runParser(text), limits)
}

function runParser(text: string): unknown {
  try {
    return parser.parse(text)
  } catch (err) {
    if (err instanceof parser.SyntaxError) throw syntaxError(err, text)
    // A pathological chain that exhausts the stack is the filter's fault, not the server's.
    if (err instanceof RangeError) throw new Cql2Error('The filter is too deeply nested to read; simplify it.')
    throw err
  }
}

/** Parentheses are the one construct the grammar recurses on, so their depth is checked before parsing. */
function checkParenthesisDepth(text: string, maxDepth: number): void {
  let depth = 0
  let quote: string | null = null
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (quote) {
      if (c === '\\' && quote === "'" && text[i + 1] === "'") i++
      else if (c === quote) quote = null
    } else if (c === "'" || c === '"') {
      quote = c
    } else if (c === '(' && ++depth > maxDepth) {
      const { line, column } = positionOf(text, i)
      throw new Cql2Error(`The filter nests parentheses more than ${maxDepth} deep (line ${line}, column ${column}); simplify it.`, { position: { line, column, offset: i } })
    } else if (c === ')') {
      depth--
    }
  }
}

function positionOf(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split('\n')
  return { line: before.length, column: before[before.length - 1].length + 1 }
}

function syntaxError(err: peggy.parser.SyntaxError, text: string): Cql2Error {
  const { line, column, offset } = err.location.start
  const position = { line, column, offset }
  const where = `Invalid CQL2 text at line ${line}, column ${column}`
  if (!err.expected) return new Cql2Error(`${where}: ${err.message}`, { position })
  if (text[offset] === "'" && !stringIsClosed(text, offset)) {
    return new Cql2Error(`${where}: this string is never closed; end it with ' (write '' for a quote inside it).`, { position })
  }
  const found = offset >= text.length ? 'the end of the filter' : `"${text.slice(offset, offset + 20)}"`
  return new Cql2Error(`${where}: found ${found}, expected ${describeExpected(err.expected)}.`, { position })
}

/** Does the character string starting at `offset` end? ('' and \' are quotes inside it.) */
function stringIsClosed(text: string, offset: number): boolean {
  for (let i = offset + 1; i < text.length; i++) {
    if (text[i] === '\\' && text[i + 1] === "'") i++
    else if (text[i] === "'" && text[i + 1] === "'") i++
    else if (text[i] === "'") return true
  }
  return false
}

function describeExpected(expected: peggy.parser.Expectation[]): string {
  const names = new Set<string>()
  for (const e of expected) {
    if (e.type === 'literal') names.add(`"${e.text}"`)
    else if (e.type === 'other' && e.description !== 'whitespace') names.add(e.description)
    else if (e.type === 'end') names.add('the end of the filter')
  }
  const list = [...names]
  if (list.length === 0) return 'something else'
  const shown = list.slice(0, 12)
  const more = list.length > shown.length ? ', …' : ''
  return shown.length === 1 ? shown[0] : `one of ${shown.join(', ')}${more}`
}
