import type { WebhookDeliveryResponse } from './dto/webhook-delivery-response.dto';
import type { WebhookDelivery } from './webhook-delivery.entity';

export function presentWebhookDelivery(delivery: WebhookDelivery): WebhookDeliveryResponse {
  return {
    id: delivery.id,
    object: 'webhook_delivery',
    livemode: delivery.livemode,
    endpoint: delivery.endpointId,
    event: delivery.eventId,
    eventType: delivery.eventType,
    status: delivery.status,
    nextAttemptAt: delivery.nextAttemptAt,
    attempts: delivery.attemptLog,
    createdAt: delivery.createdAt,
  };
}
