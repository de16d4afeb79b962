import type { Scope } from '../../src/common/auth/scopes';

export type Method = 'get' | 'post' | 'patch' | 'delete';

/** DESIGN.md §8, row by row: every public route and the one scope it needs. */
export const PUBLIC_ROUTES: [Method, string, Scope | 'none'][] = [
  ['post', '/api/v1/customers', 'customers:write'],
  ['patch', '/api/v1/customers/{id}', 'customers:write'],
  ['get', '/api/v1/customers', 'customers:read'],
  ['get', '/api/v1/customers/{id}', 'customers:read'],
  ['post', '/api/v1/payment_links', 'links:write'],
  ['patch', '/api/v1/payment_links/{id}', 'links:write'],
  ['post', '/api/v1/payment_links/{id}/archive', 'links:write'],
  ['get', '/api/v1/payment_links', 'links:read'],
  ['get', '/api/v1/payment_links/{id}', 'links:read'],
  ['post', '/api/v1/checkout_sessions', 'sessions:write'],
  ['post', '/api/v1/checkout_sessions/{id}/expire', 'sessions:write'],
  ['get', '/api/v1/checkout_sessions', 'sessions:read'],
  ['get', '/api/v1/checkout_sessions/{id}', 'sessions:read'],
  ['post', '/api/v1/webhook_endpoints', 'webhooks:write'],
  ['patch', '/api/v1/webhook_endpoints/{id}', 'webhooks:write'],
  ['delete', '/api/v1/webhook_endpoints/{id}', 'webhooks:write'],
  ['get', '/api/v1/webhook_endpoints', 'webhooks:read'],
  ['get', '/api/v1/webhook_endpoints/{id}', 'webhooks:read'],
  ['post', '/api/v1/webhook_endpoints/{id}/test', 'webhooks:write'],
  ['post', '/api/v1/webhook_endpoints/{id}/roll_secret', 'webhooks:write'],
  ['get', '/api/v1/webhook_endpoints/{id}/deliveries', 'webhooks:read'],
  ['post', '/api/v1/webhook_endpoints/{id}/deliveries/{deliveryId}/retry', 'webhooks:write'],
  ['get', '/api/v1/events', 'events:read'],
  ['get', '/api/v1/events/{id}', 'events:read'],
  ['get', '/api/v1/api_key', 'none'],
  ['post', '/api/v1/test_helpers/checkout_sessions/{id}/pay', 'sessions:write'],
];

/** A concrete path for a route template: well-formed ids of objects that do not exist. */
export function routePath(template: string): string {
  return template.replace('{id}', 'obj_01h2xcejqtf2nbrexx3vqjhp41').replace('{deliveryId}', 'whd_01h2xcejqtf2nbrexx3vqjhp41');
}
