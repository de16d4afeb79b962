export { CheckoutClient } from './client.js';
export type { CheckoutClientOptions } from './client.js';
export {
  APIError,
  AuthenticationError,
  CheckoutError,
  CheckoutResponseError,
  ConnectionError,
  IdempotencyError,
  InvalidRequestError,
  PermissionError,
  RateLimitError,
  TimeoutError,
  UserAbortError,
  WebhookVerificationError,
} from './errors.js';
export type { ErrorResponse } from './errors.js';
export { APIPromise } from './core/api-promise.js';
export type { RateLimit, WithResponse } from './core/api-promise.js';
export type { Hooks, Logger, HttpRequestInfo, HttpResponseInfo } from './core/hooks.js';
export { MAX_TO_ARRAY, Page, PagePromise } from './core/pagination.js';
export type { CursorParams } from './core/pagination.js';
export { DEFAULT_TOLERANCE_SECONDS, Webhooks } from './webhooks.js';
export type { WebhookHeaders, WebhookPayload, WebhookVerifyOptions } from './webhooks.js';
export type * from './typed-events.js';
export type * from './types.js';
export type { components, operations, paths } from './generated/openapi.js';
