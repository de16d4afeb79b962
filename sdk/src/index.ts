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
  WebhookVerificationError,
} from './errors.js';
export { Page, PagePromise } from './core/pagination.js';
export type { CursorParams } from './core/pagination.js';
export { verifyWebhook, DEFAULT_TOLERANCE_SECONDS } from './webhooks.js';
export type { VerifyOptions, WebhookHeaders } from './webhooks.js';
export type * from './types.js';
export type { components, operations, paths } from './generated/openapi.js';
