/**
 * Event types of DESIGN.md §8 and §13 (payments). `webhook_endpoint.updated` reports a change made with
 * `PATCH /api/v1/webhook_endpoints/:id`,
 * `webhook_endpoint.secret_rolled` a new signing secret (`POST …/:id/roll_secret`; never the secret itself). `webhook_endpoint.test` is sent only by the
 * test route, to one endpoint.
 */
export const EVENT_TYPES = [
  'customer.created',
  'customer.updated',
  'payment_link.created',
  'payment_link.updated',
  'payment_link.archived',
  'checkout_session.created',
  'checkout_session.completed',
  'checkout_session.expired',
  'checkout_session.payment_pending',
  'checkout_session.payment_confirmed',
  'checkout_session.payment_reorged',
  'checkout_session.underpaid',
  'checkout_session.overpaid',
  'checkout_session.late_payment',
  'checkout_session.payment_unmatched',
  'webhook_endpoint.updated',
  'webhook_endpoint.secret_rolled',
  'webhook_endpoint.test',
] as const;

export type EventType = (typeof EVENT_TYPES)[number];
