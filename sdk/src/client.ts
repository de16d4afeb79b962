import { resolveApiKey } from './core/api-key.js';
import { readEnv } from './core/env.js';
import type { Hooks } from './core/hooks.js';
import { checkMaxRetries, checkTimeout, createRequestFn } from './core/request.js';
import { CheckoutError } from './errors.js';
import { ApiKeys } from './resources/api-key.js';
import { CheckoutSessions } from './resources/checkout-sessions.js';
import { Customers } from './resources/customers.js';
import { Events } from './resources/events.js';
import { PaymentLinks } from './resources/payment-links.js';
import { TestHelpers } from './resources/test-helpers.js';
import { WebhookEndpoints } from './resources/webhook-endpoints.js';
import { Webhooks } from './webhooks.js';

export interface CheckoutClientOptions extends Hooks {
  /** `ck_test_…` or `ck_live_…`; defaults to `process.env.CHECKOUT_API_KEY`. */
  apiKey?: string;
  /** Where the service runs, e.g. `https://pay.example.com`; defaults to `process.env.CHECKOUT_BASE_URL`. */
  baseUrl?: string;
  /** Retries after a failed attempt (409 in progress, 429, 5xx, network, timeout); default 2. */
  maxRetries?: number;
  /** Milliseconds for each attempt (`Infinity` for none); default 60 000. */
  timeout?: number;
  /** A fetch implementation (a proxy's, or a test double); default the global `fetch`. */
  fetch?: typeof fetch;
  /** Headers sent with every call (not `Authorization`, `Idempotency-Key` or `Content-Type`, which the SDK sets). */
  defaultHeaders?: Record<string, string>;
  /** The `whsec_…` secret `client.webhooks` verifies with; defaults to `process.env.CHECKOUT_WEBHOOK_SECRET`. */
  webhookSecret?: string;
}

const DEFAULT_TIMEOUT_MS = 60_000;

function resolveBaseUrl(given: string | undefined): string {
  const baseUrl = given ?? readEnv('CHECKOUT_BASE_URL');
  if (!baseUrl) throw new CheckoutError('No base URL: pass `baseUrl` to new CheckoutClient() or set CHECKOUT_BASE_URL.');
  if (!URL.canParse(baseUrl) || !/^https?:$/.test(new URL(baseUrl).protocol)) {
    throw new CheckoutError('`baseUrl` must be an absolute http(s) URL, e.g. https://pay.example.com.');
  }
  return baseUrl;
}

/**
 * The Crypto Checkout API client.
 *
 * ```ts
 * const client = new CheckoutClient({ apiKey: process.env.CHECKOUT_API_KEY!, baseUrl: 'https://pay.example.com' });
 * const customer = await client.customers.create({ email: 'ada@example.com' });
 * ```
 */
export class CheckoutClient {
  readonly customers: Customers;
  readonly paymentLinks: PaymentLinks;
  readonly checkoutSessions: CheckoutSessions;
  readonly webhookEndpoints: WebhookEndpoints;
  readonly events: Events;
  /** The calling key: `client.apiKey.retrieve()`. */
  readonly apiKey: ApiKeys;
  readonly testHelpers: TestHelpers;
  /** Verifying webhook deliveries (no API call): `await client.webhooks.unwrap(rawBody, headers)`. */
  readonly webhooks: Webhooks;
  readonly baseUrl: string;

  constructor(options: CheckoutClientOptions = {}) {
    const maxRetries = checkMaxRetries(options.maxRetries ?? 2, '`maxRetries`');
    const timeout = checkTimeout(options.timeout ?? DEFAULT_TIMEOUT_MS, '`timeout`');
    this.baseUrl = resolveBaseUrl(options.baseUrl);
    // The key goes into the request function's closure and nowhere else on this object.
    const request = createRequestFn({
      apiKey: resolveApiKey(options.apiKey),
      baseUrl: this.baseUrl,
      maxRetries,
      timeout,
      fetch: options.fetch ?? globalThis.fetch,
      defaultHeaders: options.defaultHeaders ?? {},
      logger: options.logger,
      onRequest: options.onRequest,
      onResponse: options.onResponse,
    });
    this.customers = new Customers(request);
    this.paymentLinks = new PaymentLinks(request);
    this.checkoutSessions = new CheckoutSessions(request);
    this.webhookEndpoints = new WebhookEndpoints(request);
    this.events = new Events(request);
    this.apiKey = new ApiKeys(request);
    this.testHelpers = new TestHelpers(request);
    this.webhooks = new Webhooks({ secret: options.webhookSecret });
  }
}
