import type { components } from './generated/openapi.js';
import type { CheckoutSession, Customer, PaymentLink, WebhookEndpoint } from './types.js';

type EventResponse = components['schemas']['EventResponse'];

/** Every event type the API sends, from the spec's enum. */
export type EventType = EventResponse['type'];

/**
 * What `data.object` is for each event type: the object as it was just after the change.
 * `webhook_endpoint.test` (sent only by `webhookEndpoints.test`) carries the endpoint it tests.
 */
export interface EventObjects {
  'customer.created': Customer;
  'customer.updated': Customer;
  'payment_link.created': PaymentLink;
  'payment_link.updated': PaymentLink;
  'payment_link.archived': PaymentLink;
  'checkout_session.created': CheckoutSession;
  'checkout_session.completed': CheckoutSession;
  'checkout_session.expired': CheckoutSession;
  'checkout_session.payment_pending': CheckoutSession;
  'checkout_session.payment_confirmed': CheckoutSession;
  'checkout_session.payment_reorged': CheckoutSession;
  'checkout_session.underpaid': CheckoutSession;
  'checkout_session.overpaid': CheckoutSession;
  'checkout_session.late_payment': CheckoutSession;
  'checkout_session.payment_unmatched': CheckoutSession;
  'webhook_endpoint.updated': WebhookEndpoint;
  'webhook_endpoint.secret_rolled': WebhookEndpoint;
  'webhook_endpoint.test': WebhookEndpoint;
}

// The build fails, naming the type, when the spec gains an event type not mapped above or loses one that is.
type MustBeEmpty<T extends never> = T;
type _EveryEventTypeMapped = MustBeEmpty<Exclude<EventType, keyof EventObjects>>;
type _NoUnknownEventTypeMapped = MustBeEmpty<Exclude<keyof EventObjects, EventType>>;
// …and when a type is mapped to the wrong object: the spec's discriminator names it by the type's prefix
// (`customer.updated` → an object whose `object` is `customer`; `webhook_endpoint.test` → `webhook_endpoint`).
type ObjectNameOf<T extends string> = T extends `${infer Name}.${string}` ? Name : never;
type _EveryObjectMatchesItsType = MustBeEmpty<{ [T in EventType]: EventObjects[T]['object'] extends ObjectNameOf<T> ? never : T }[EventType]>;

/** The event of one type, with its `data.object` typed. */
export type EventOf<T extends EventType> = Omit<EventResponse, 'type' | 'data'> & {
  type: T;
  data: { object: EventObjects[T] } & (T extends `${string}.updated` ? UpdatedEventData<EventObjects[T]> : unknown);
};

/**
 * What a `*.updated` event adds to its data: the changed fields' values before the change (Stripe's
 * `previous_attributes`). Absent on events recorded before the server sent it.
 */
export interface UpdatedEventData<T> {
  previousAttributes?: Partial<T>;
}

/**
 * An event as `events.retrieve`/`events.list` return it and webhooks deliver it: a union
 * discriminated by `type`, so `switch (event.type)` narrows `event.data.object`.
 */
export type Event = { [T in EventType]: EventOf<T> }[EventType];

export type CustomerCreatedEvent = EventOf<'customer.created'>;
export type CustomerUpdatedEvent = EventOf<'customer.updated'>;
export type PaymentLinkCreatedEvent = EventOf<'payment_link.created'>;
export type PaymentLinkUpdatedEvent = EventOf<'payment_link.updated'>;
export type PaymentLinkArchivedEvent = EventOf<'payment_link.archived'>;
export type CheckoutSessionCreatedEvent = EventOf<'checkout_session.created'>;
export type CheckoutSessionCompletedEvent = EventOf<'checkout_session.completed'>;
export type CheckoutSessionExpiredEvent = EventOf<'checkout_session.expired'>;
export type CheckoutSessionPaymentPendingEvent = EventOf<'checkout_session.payment_pending'>;
export type CheckoutSessionPaymentConfirmedEvent = EventOf<'checkout_session.payment_confirmed'>;
export type CheckoutSessionPaymentReorgedEvent = EventOf<'checkout_session.payment_reorged'>;
export type CheckoutSessionUnderpaidEvent = EventOf<'checkout_session.underpaid'>;
export type CheckoutSessionOverpaidEvent = EventOf<'checkout_session.overpaid'>;
export type CheckoutSessionLatePaymentEvent = EventOf<'checkout_session.late_payment'>;
export type CheckoutSessionPaymentUnmatchedEvent = EventOf<'checkout_session.payment_unmatched'>;
export type WebhookEndpointUpdatedEvent = EventOf<'webhook_endpoint.updated'>;
export type WebhookEndpointSecretRolledEvent = EventOf<'webhook_endpoint.secret_rolled'>;
export type WebhookEndpointTestEvent = EventOf<'webhook_endpoint.test'>;
