/**
 * What each operation's success answer is, in words, keyed by operationId.
 * The swagger plugin leaves a 2xx without a description (`''`), which Redoc
 * and generated clients show as nothing; a new operation must add its line.
 */
const SUCCESS: Record<string, string> = {
  getHealth: 'The process is up.',
  getReadiness: 'The process can serve: its database answers.',
  getChainStatus: "Each enabled network's watcher: head, processed block, lag, leader and stale flag.",
  createAdminSession: 'Signed in: the session cookie is set.',
  listApiKeys: 'One page of API keys of both modes, newest first.',
  createApiKey: 'The new key, with its `secret` shown this once.',
  getApiKey: 'The key (never its secret).',
  revokeApiKey: 'The key, now revoked.',
  rollApiKey: 'The replacement key, with its `secret` shown this once.',
  getBalances: 'Received, swept and waiting per network, mode and currency, with the gas key’s balances.',
  listSweeps: 'One page of sweeps of both modes, newest first.',
  listWaitingFunds: 'The deposit addresses holding confirmed, unswept funds on the network, with the payout address and salt that sweep each.',
  requestSweep: 'The request, taken by the network’s sweeper at its next round.',
  getDepositAddress: 'The session the address belongs to, its mode, and the payout address and salt that sweep it.',
  getCallingApiKey: 'The calling key: its mode, scopes and expiry (never its secret).',
  listCustomers: 'One page of customers, newest first; `hasMore` says whether another page follows.',
  createCustomer: 'The new customer.',
  getCustomer: 'The customer.',
  updateCustomer: 'The customer with the changes applied.',
  listPaymentLinks: 'One page of payment links, newest first; `hasMore` says whether another page follows.',
  createPaymentLink: 'The new payment link, with the `url` to share.',
  getPaymentLink: 'The payment link.',
  updatePaymentLink: 'The payment link with the changes applied.',
  archivePaymentLink: 'The payment link, now archived.',
  listCheckoutSessions: 'One page of checkout sessions, newest first; `hasMore` says whether another page follows.',
  createCheckoutSession: 'The new session, `open`, with its deposit address and the `url` of its checkout page.',
  getCheckoutSession: 'The checkout session, with the payments seen so far.',
  expireCheckoutSession: 'The session, now `expired`.',
  payCheckoutSession: 'The session once the test payment is recorded.',
  listEvents: 'One page of events, newest first; `hasMore` says whether another page follows.',
  getEvent: 'The event.',
  listWebhookEndpoints: 'One page of webhook endpoints, newest first; `hasMore` says whether another page follows.',
  createWebhookEndpoint: 'The new endpoint, with its signing `secret` shown this once.',
  getWebhookEndpoint: 'The endpoint (never its secret).',
  updateWebhookEndpoint: 'The endpoint with the changes applied (never its secret).',
  rollWebhookEndpointSecret: 'The endpoint with its new signing `secret`, shown this once; the previous secret signs too until `previousSecretExpiresAt`.',
  deleteWebhookEndpoint: 'The endpoint, deleted (`deleted: true`).',
  testWebhookEndpoint: "The test attempt's outcome: the receiver's status, duration and answer.",
  listWebhookDeliveries: "One page of this endpoint's deliveries, newest first, each with its attempts.",
  retryWebhookDelivery: 'The delivery with the new attempt added.',
};

/** The description of an operation's 2xx answer; throws for an operation nobody described. */
export function successDescription(operationId: string): string {
  const description = SUCCESS[operationId];
  if (!description) throw new Error(`openapi: describe the success answer of ${operationId} in src/openapi/operation-texts.ts`);
  return description;
}

/** A sidebar label from the operationId: `listCheckoutSessions` → "List checkout sessions". */
export function shortSummary(operationId: string): string {
  const words = operationId
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .replace(/\bapi\b/g, 'API');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The 404 of an operation whose path names objects by id. */
export function notFoundDescription(path: string, publicApi: boolean): string {
  const ids = [...path.matchAll(/\{(\w+)\}/g)].map(([, name]) => `\`${name}\``);
  const why = publicApi ? 'it does not exist, was deleted, or belongs to the other mode' : 'it does not exist';
  return `No such object (\`resource_missing\`; \`param\` names the id at fault: ${ids.join(' or ')}): ${why}.`;
}
