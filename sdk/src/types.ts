import type { components, operations } from './generated/openapi.js';

type Schemas = components['schemas'];

/** Query parameters of a list operation, as the spec declares them (all optional; the server defaults `limit` to 10). */
type ListQuery<Op extends keyof operations> = NonNullable<operations[Op]['parameters']['query']>;

export type Customer = Schemas['CustomerResponse'];
export type CustomerCreateParams = Schemas['CreateCustomerDto'];
export type CustomerUpdateParams = Schemas['UpdateCustomerDto'];
export type CustomerListParams = ListQuery<'listCustomers'>;

export type PaymentLink = Schemas['PaymentLinkResponse'];
export type PaymentLinkCreateParams = Schemas['CreatePaymentLinkDto'];
export type PaymentLinkUpdateParams = Schemas['UpdatePaymentLinkDto'];
export type PaymentLinkListParams = ListQuery<'listPaymentLinks'>;

export type CheckoutSession = Schemas['CheckoutSessionResponse'];
/** `amount` + `currency`, or `paymentLink`: one or the other. */
export type CheckoutSessionCreateParams = Schemas['CreateCheckoutSessionForAmount'] | Schemas['CreateCheckoutSessionForPaymentLink'];
export type CheckoutSessionPayParams = Schemas['PayCheckoutSessionDto'];
export type CheckoutSessionListParams = ListQuery<'listCheckoutSessions'>;

export type WebhookEndpoint = Schemas['WebhookEndpointResponse'];
/** The create response: the only time the signing `secret` (`whsec_…`) is shown. */
export type CreatedWebhookEndpoint = Schemas['CreatedWebhookEndpointResponse'];
/** The roll response: the only time the new signing `secret` is shown. */
export type RolledWebhookEndpoint = Schemas['RolledWebhookEndpointResponse'];
export type WebhookEndpointRollSecretParams = Schemas['RollWebhookSecretDto'];
export type DeletedWebhookEndpoint = Schemas['DeletedWebhookEndpointResponse'];
export type WebhookEndpointCreateParams = Schemas['CreateWebhookEndpointDto'];
export type WebhookEndpointUpdateParams = Schemas['UpdateWebhookEndpointDto'];
export type WebhookEndpointListParams = ListQuery<'listWebhookEndpoints'>;

/** One event's delivery to one endpoint, with every attempt (status, duration, first 1 KB of the answer). */
export type WebhookDelivery = Schemas['WebhookDeliveryResponse'];
export type WebhookDeliveryListParams = ListQuery<'listWebhookDeliveries'>;

export type EventListParams = ListQuery<'listEvents'>;

/** What `GET /api/v1/api_key` says about the calling key (never its secret). */
export type ApiKey = Schemas['CallingApiKeyResponse'];

/** The body of every error response (DESIGN §5). */
export type ErrorBody = Schemas['ApiErrorBody'];
export type ErrorType = ErrorBody['type'];

/** Options of a single call, overriding the client's. */
export interface RequestOptions {
  /** The `Idempotency-Key` of a mutating call; by default a random UUID, reused by every retry of the call. */
  idempotencyKey?: string;
  /** Retries after the first attempt; defaults to the client's `maxRetries`. */
  maxRetries?: number;
  /** Milliseconds for each attempt (`Infinity` for none); defaults to the client's `timeout`. */
  timeout?: number;
  /** Cancels the call — the attempt in flight and any retry — rejecting it with `UserAbortError`. */
  signal?: AbortSignal;
  /** Extra headers for this call, over the client's `defaultHeaders`. */
  headers?: Record<string, string>;
}
