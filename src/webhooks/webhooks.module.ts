import { Logger, Module, OnApplicationBootstrap } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../config/app-config';
import { EventsModule } from '../events/events.module';
import { DeliveryLeases } from './delivery-leases';
import { DeliveryPurger } from './delivery-purger';
import { DestinationPolicy } from './destination-policy';
import { HostResolver } from './host-resolver';
import { SecretBox } from './secret-box';
import { WebhookDeliveriesController } from './webhook-deliveries.controller';
import { WebhookDeliveriesService } from './webhook-deliveries.service';
import { WebhookDelivery } from './webhook-delivery.entity';
import { WebhookDeliveryWorker } from './webhook-delivery-worker';
import { WebhookDispatcher } from './webhook-dispatcher';
import { WebhookEndpoint } from './webhook-endpoint.entity';
import { WebhookEndpointsController } from './webhook-endpoints.controller';
import { WebhookOutbox } from './webhook-outbox';
import { WebhookSender } from './webhook-sender';
import { WebhookEndpointsService } from './webhook-endpoints.service';
import { keyFilePath, ServerSecretKey } from '../common/security/server-secret-key';

/**
 * Webhooks: endpoints (checked against SSRF, secrets sealed at rest) and the
 * delivery of events to them — an outbox filled in each event's transaction,
 * drained by a worker in every instance.
 */
@Module({
  imports: [TypeOrmModule.forFeature([WebhookEndpoint, WebhookDelivery]), EventsModule],
  controllers: [WebhookEndpointsController, WebhookDeliveriesController],
  providers: [
    WebhookEndpointsService,
    WebhookDeliveriesService,
    WebhookOutbox,
    WebhookSender,
    WebhookDispatcher,
    DeliveryLeases,
    WebhookDeliveryWorker,
    DeliveryPurger,
    DestinationPolicy,
    HostResolver,
    { provide: SecretBox, inject: [ServerSecretKey], useFactory: (serverKey: ServerSecretKey) => new SecretBox(serverKey.key) },
  ],
  exports: [WebhookEndpointsService, DestinationPolicy, HostResolver],
})
export class WebhooksModule implements OnApplicationBootstrap {
  private readonly logger = new Logger(WebhooksModule.name);

  constructor(private readonly config: AppConfig) {}

  // Logged at bootstrap rather than where the key is loaded, so it reaches the application's logger.
  onApplicationBootstrap(): void {
    if (this.config.webhookSecretKey) return;
    this.logger.warn(
      `Webhook secrets are encrypted, and checkout page URLs signed, with the key in ${keyFilePath(this.config)}. Deployments with several instances must set WEBHOOK_SECRET_KEY to the same value on each.`,
    );
  }
}
