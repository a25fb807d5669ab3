// Domain code throws AppError with a snake_case code; only the transport layer
// (lib/api/, server actions) turns it into an HTTP status or a form message.

export const ERROR_STATUS = {
  bad_request: 400,
  unauthorized: 401,
  invalid_credentials: 401,
  forbidden: 403,
  signup_disabled: 403,
  not_found: 404,
  email_taken: 409,
  key_limit_reached: 409,
  duplicate_key: 409,
  last_owner: 409,
  already_member: 409,
  payload_too_large: 413,
  validation_failed: 422,
  private_key_rejected: 422,
  weak_key: 422,
  unsupported_key: 422,
  invalid_key: 422,
  rate_limited: 429,
  internal_error: 500,
  service_unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details?: Record<string, unknown>;
  /** Seconds, for rate_limited. */
  readonly retryAfter?: number;

  constructor(code: ErrorCode, message: string, options: { details?: Record<string, unknown>; retryAfter?: number } = {}) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.details = options.details;
    this.retryAfter = options.retryAfter;
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

export const notFound = (what = "Not found.") => new AppError("not_found", what);
