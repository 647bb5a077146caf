// One list of stable error codes. Handlers and domain code throw AppError with one of these;
// the error plugin maps the code to an HTTP status, and a 5xx never shows its internals.
export const ERROR_CODES = {
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  UNPROCESSABLE: 422,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** The input field at fault, as a dotted path (`body.title`, `--email`), when there is one. */
    readonly field?: string,
    options: { retryAfterSeconds?: number } = {},
  ) {
    super(message);
    this.name = 'AppError';
    this.retryAfterSeconds = options.retryAfterSeconds;
  }

  /** For RATE_LIMITED: when to try again; sent as the Retry-After header. */
  readonly retryAfterSeconds?: number;

  get status(): number {
    return ERROR_CODES[this.code];
  }
}

export const invalid = (field: string, message: string) => new AppError('VALIDATION_FAILED', message, field);
export const notFound = (what: string) => new AppError('NOT_FOUND', `${what} not found`);
