import { Cql2Error } from './errors.js'

/**
 * Map an error from running a filtered query to a 400 when the filter's values caused it
 * (SQLSTATE class 22, "data exception": numeric overflow, a negative number to a fractional
 * power…). Returns undefined for anything else, which stays a server error.
 */
export function cql2QueryError(err: unknown): Cql2Error | undefined {
  const code = typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined
  if (typeof code !== 'string' || !code.startsWith('22')) return undefined
  return new Cql2Error(`The filter could not be evaluated on this data: ${(err as Error).message}. Change the values or arithmetic in the filter.`, { sqlstate: code })
}
