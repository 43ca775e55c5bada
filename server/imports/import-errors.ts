import { ProblemError } from '../errors/problem.js'

/**
 * The uploaded or named file cannot be imported as it is (truncated, missing parts, unknown CRS…).
 * The message says what is wrong and what to do; rendered as 422 by the one error handler.
 */
export class ImportInputError extends ProblemError {
  constructor(message: string, extra: Record<string, unknown> = {}) {
    super(422, 'Unprocessable Content', message, extra)
  }
}

/** The import was cancelled by a person (API, CLI Ctrl-C); nothing was changed. */
export class ImportCancelledError extends Error {
  constructor() {
    super('The import was cancelled; nothing was changed.')
  }
}
