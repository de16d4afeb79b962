/** Event types of DESIGN.md §8. `webhook_endpoint.test` is sent only by the test route, to one endpoint. */
export const EVENT_TYPES = [
  'customer.created',
  'customer.updated',
  'payment_link.created',
  'payment_link.updated',
  'payment_link.archived',
  'checkout_session.created',
  'checkout_session.completed',
  'checkout_session.expired',
  'webhook_endpoint.test',
] as const;

export type EventType = (typeof EVENT_TYPES)[number];
