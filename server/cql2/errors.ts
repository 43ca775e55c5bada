import { BadRequestError } from '../errors/problem.js'

/** A filter that cannot be parsed or translated: always the client's to fix, so a 400 with what to change. */
export class Cql2Error extends BadRequestError {
  constructor(message: string, extra: Record<string, unknown> = {}) {
    super(message, { code: 'InvalidFilter', ...extra })
  }
}
