import { parseRetryAfter } from './core/retry-policy.js';
import type { ErrorBody, ErrorType } from './types.js';

/** The root of everything this SDK throws, so `catch (e) { if (e instanceof CheckoutError) … }` catches them all. */
export class CheckoutError extends Error {
  override name = 'CheckoutError';
}

/** What the HTTP answer of an error carried, beyond its envelope. */
export interface ErrorResponse {
  /** The response headers (`Request-Id`, `Retry-After`, `RateLimit-*`, …). */
  headers: Headers;
  /** The body exactly as received: the JSON envelope, or whatever a proxy answered instead. */
  rawBody: string;
}

/** The API answered with an error envelope (DESIGN §5). Subclassed once per error `type`. */
export class CheckoutResponseError extends CheckoutError {
  override name = 'CheckoutResponseError';
  /** HTTP status, e.g. 404. */
  readonly status: number;
  /** The envelope's `type`, e.g. `invalid_request` (from the status when the answer had none the SDK knows). */
  readonly type: ErrorType;
  /** Machine-readable reason, e.g. `resource_missing`. */
  readonly code: string;
  /** The request field at fault, when there is one. */
  readonly param: string | undefined;
  /** The request id, also in the `Request-Id` header: quote it when reporting a problem. */
  readonly requestId: string | undefined;
  /** The scope the key lacked (403 `insufficient_scope` only). */
  readonly requiredScope: string | undefined;
  /** The response headers. */
  readonly headers: Headers;
  /** The response body exactly as received. */
  readonly rawBody: string;

  constructor(status: number, body: ErrorBody, response: ErrorResponse) {
    super(body.message);
    this.status = status;
    this.type = body.type;
    this.code = body.code;
    this.param = body.param;
    this.requestId = body.requestId;
    this.requiredScope = body.requiredScope;
    this.headers = response.headers;
    this.rawBody = response.rawBody;
  }
}

/** 401: the key is missing, malformed, unknown, revoked or expired. */
export class AuthenticationError extends CheckoutResponseError {
  override name = 'AuthenticationError';
}

/** 403: the key lacks the route's scope (`requiredScope`), or a live key called a test helper. */
export class PermissionError extends CheckoutResponseError {
  override name = 'PermissionError';
}

/** 400/404/409/413/415: a bad parameter (`param`), a missing object, or a state conflict. */
export class InvalidRequestError extends CheckoutResponseError {
  override name = 'InvalidRequestError';
}

/** 409 `idempotency_request_in_progress` (retried automatically) or 422 `idempotency_key_reused`. */
export class IdempotencyError extends CheckoutResponseError {
  override name = 'IdempotencyError';
}

/** 429, after the automatic retries. `retryAfter` is the server's `Retry-After`, in seconds. */
export class RateLimitError extends CheckoutResponseError {
  override name = 'RateLimitError';
  readonly retryAfter: number | undefined;

  constructor(status: number, body: ErrorBody, response: ErrorResponse) {
    super(status, body, response);
    this.retryAfter = parseRetryAfter(response.headers.get('retry-after'));
  }
}

/** 5xx: the server failed (`internal_error`) or is unavailable; retried automatically first. */
export class APIError extends CheckoutResponseError {
  override name = 'APIError';
}

/** No response: the connection failed or was reset. Retried automatically first. */
export class ConnectionError extends CheckoutError {
  override name = 'ConnectionError';
}

/** No response within the attempt's `timeout`. Retried automatically first. */
export class TimeoutError extends ConnectionError {
  override name = 'TimeoutError';
}

/** The call's `signal` was aborted: the request was cancelled (and is not retried). */
export class UserAbortError extends CheckoutError {
  override name = 'UserAbortError';
}

/** A webhook's signature, timestamp or headers did not check out: do not trust its body. */
export class WebhookVerificationError extends CheckoutError {
  override name = 'WebhookVerificationError';
}

const CLASSES: Record<ErrorType, typeof CheckoutResponseError> = {
  authentication: AuthenticationError,
  permission: PermissionError,
  invalid_request: InvalidRequestError,
  idempotency: IdempotencyError,
  rate_limited: RateLimitError,
  api_error: APIError,
};

/** The type a status implies, for answers without an envelope (e.g. a proxy's 502 page). */
function typeOfStatus(status: number): ErrorType {
  if (status === 401) return 'authentication';
  if (status === 403) return 'permission';
  if (status === 429) return 'rate_limited';
  if (status >= 500) return 'api_error';
  return 'invalid_request';
}

const isKnownType = (type: unknown): type is ErrorType => typeof type === 'string' && Object.hasOwn(CLASSES, type);

/**
 * The envelope's fields, kept even when its `type` is one this SDK version does not know
 * (a newer server): the class and `type` then follow the status, `code` and `message` stay.
 */
function bodyOf(status: number, envelope: unknown, headers: Headers): ErrorBody {
  const inner = (envelope as { error?: Partial<Record<keyof ErrorBody, unknown>> } | undefined)?.error;
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  const code = text(inner?.code);
  const message = text(inner?.message);
  if (code === undefined || message === undefined) {
    return {
      type: typeOfStatus(status),
      code: 'unexpected_response',
      message: `The server answered ${status} without an error envelope.`,
      requestId: headers.get('request-id') ?? '',
    };
  }
  const type = inner?.type;
  return {
    type: isKnownType(type) ? type : typeOfStatus(status),
    code,
    message,
    param: text(inner?.param),
    requestId: text(inner?.requestId) ?? headers.get('request-id') ?? '',
    requiredScope: text(inner?.requiredScope),
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The typed error for an error response. */
export function errorFromResponse(status: number, rawBody: string, headers: Headers): CheckoutResponseError {
  const body = bodyOf(status, parseJson(rawBody), headers);
  return new CLASSES[body.type](status, body, { headers, rawBody });
}
