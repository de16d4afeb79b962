export type ErrorType =
  | 'invalid_request'
  | 'authentication'
  | 'permission'
  | 'idempotency'
  | 'rate_limited'
  | 'api_error';

/** Extra fields of the envelope, e.g. `param` (the offending field) or `requiredScope`. */
export type ErrorDetails = Partial<Record<'param' | 'requiredScope', string>>;

export interface ErrorEnvelope {
  error: { type: ErrorType; code: string; message: string; requestId: string } & ErrorDetails;
}

/**
 * The one exception type the application throws on purpose. The global filter
 * turns it (and everything else) into the envelope of DESIGN.md §5; nothing
 * builds envelopes by hand.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly type: ErrorType,
    readonly code: string,
    message: string,
    readonly details: ErrorDetails = {},
    /** Response headers that belong to this error, e.g. `WWW-Authenticate` or `Retry-After`. */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }

  toEnvelope(requestId: string): ErrorEnvelope {
    return { error: { type: this.type, code: this.code, message: this.message, ...this.details, requestId } };
  }
}
