import { bind, expectKind, type OperatorHandler } from './context.js'

// ACCENTI: decompose (NFD), then drop the combining marks U+0300–U+036F. Letters whose
// "accent" is part of the letter (ø, đ, ł, ħ, ŧ, ı) do not decompose, so they are mapped by hand.
const COMBINING_MARKS = Array.from({ length: 0x70 }, (_, i) => String.fromCharCode(0x300 + i)).join('')
const STROKED_FROM = 'ØøĐđŁłĦħŦŧı'
const STROKED_TO = 'OoDdLlHhTti'

/**
 * CASEI is lower(): PostgreSQL lower-cases all of Unicode under a UTF-8 ctype (C.UTF-8,
 * en_US.UTF-8, PGlite), which OneMap requires. ACCENTI uses only built-in functions (no unaccent
 * extension), so it is the same on PostGIS and PGlite.
 */
const casei: OperatorHandler = (_op, args, t) => {
  const value = expectKind(t.value(args[0]), 'string', 'CASEI')
  return { sql: `lower(${value.sql})`, kind: 'string', label: `CASEI(${value.label})` }
}

const accenti: OperatorHandler = (_op, args, t) => {
  const value = expectKind(t.value(args[0]), 'string', 'ACCENTI')
  const from = bind(t.ctx, STROKED_FROM + COMBINING_MARKS, 'text')
  const to = bind(t.ctx, STROKED_TO, 'text')
  return { sql: `translate(normalize(${value.sql}, NFD), ${from}, ${to})`, kind: 'string', label: `ACCENTI(${value.label})` }
}

/** Arithmetic is done in numeric, so integer columns divide exactly; x/0 (and % 0, div 0) is NULL, not an error. */
const arithmetic: OperatorHandler = (op, args, t) => {
  const [a, b] = args.map((arg) => `(${expectKind(t.value(arg), 'number', `The operator ${op}`).sql})::numeric`)
  return { sql: arithmeticSql(op, a, b), kind: 'number', label: `an arithmetic expression (${op})` }
}

function arithmeticSql(op: string, a: string, b: string): string {
  switch (op) {
    case '/':
      return `(${a} / NULLIF(${b}, 0))`
    case '%':
      return `mod(${a}, NULLIF(${b}, 0))`
    case 'div':
      return `div(${a}, NULLIF(${b}, 0))`
    case '^':
      // float8: numeric power() of a large exponent computes a huge exact number before failing.
      return `(power(${a}::float8, ${b}::float8)::numeric)`
    default:
      return `(${a} ${op} ${b})`
  }
}

/** CASEI, ACCENTI and the arithmetic operators. */
export const FUNCTION_HANDLERS: ReadonlyMap<string, OperatorHandler> = new Map([
  ['casei', casei], ['accenti', accenti],
  ...['+', '-', '*', '/', '%', 'div', '^'].map((op) => [op, arithmetic] as const),
])
