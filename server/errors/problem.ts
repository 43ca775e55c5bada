/**
 * Domain errors carry the HTTP status and a message a person can act on; one handler
 * (errors.plugin.ts) turns them into RFC 9457 problem details.
 */
export class ProblemError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message)
  }
}

export class NotFoundError extends ProblemError {
  constructor(message: string) {
    super(404, 'Not Found', message)
  }
}

export class BadRequestError extends ProblemError {
  constructor(message: string, extra: Record<string, unknown> = {}) {
    super(400, 'Bad Request', message, extra)
  }
}

export class PayloadTooLargeError extends ProblemError {
  constructor(message: string) {
    super(413, 'Payload Too Large', message)
  }
}

export class ConflictError extends ProblemError {
  constructor(message: string) {
    super(409, 'Conflict', message)
  }
}
