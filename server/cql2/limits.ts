/**
 * Bounds on one filter. Every limit is far above what a person or a client library writes, and
 * low enough that a hostile filter cannot make the parser, the translator or PostgreSQL work hard.
 */
export interface Cql2Limits {
  /** Characters of CQL2 text, or of CQL2 JSON given as a string. */
  maxTextLength: number
  /** Nesting of operators, functions, arrays and parentheses. */
  maxDepth: number
  /** Items of one IN list or array literal. */
  maxListItems: number
  /** Coordinates (vertices) over all geometry literals of the filter. */
  maxVertices: number
}

export const CQL2_LIMITS: Readonly<Cql2Limits> = Object.freeze({
  maxTextLength: 64 * 1024,
  maxDepth: 100,
  maxListItems: 1000,
  maxVertices: 10_000,
})
