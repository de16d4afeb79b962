import type { DeletedWebhookEndpointResponse, WebhookEndpointResponse } from './dto/webhook-endpoint-response.dto';
import type { WebhookEndpoint } from './webhook-endpoint.entity';

/** Never the secret: only the create response adds it, from the value just generated. */
export function presentWebhookEndpoint(endpoint: WebhookEndpoint): WebhookEndpointResponse {
  return {
    id: endpoint.id,
    object: 'webhook_endpoint',
    livemode: endpoint.livemode,
    url: endpoint.url,
    enabledEvents: endpoint.enabledEvents,
    description: endpoint.description,
    status: endpoint.status,
    previousSecretExpiresAt: endpoint.previousSecretExpiresAt,
    createdAt: endpoint.createdAt,
  };
}

export function presentDeletedWebhookEndpoint(endpoint: WebhookEndpoint): DeletedWebhookEndpointResponse {
  return { id: endpoint.id, object: 'webhook_endpoint', deleted: true };
}
