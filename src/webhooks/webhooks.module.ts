import { Logger, Module, OnApplicationBootstrap } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../config/app-config';
import { DestinationPolicy } from './destination-policy';
import { HostResolver } from './host-resolver';
import { SecretBox } from './secret-box';
import { WebhookEndpoint } from './webhook-endpoint.entity';
import { WebhookEndpointsController } from './webhook-endpoints.controller';
import { WebhookEndpointsService } from './webhook-endpoints.service';
import { keyFilePath, loadWebhookSecretKey } from './webhook-secret-key';

/** Webhook endpoints: where events go, checked against SSRF, with secrets sealed at rest. */
@Module({
  imports: [TypeOrmModule.forFeature([WebhookEndpoint])],
  controllers: [WebhookEndpointsController],
  providers: [
    WebhookEndpointsService,
    DestinationPolicy,
    HostResolver,
    { provide: SecretBox, inject: [AppConfig], useFactory: async (config: AppConfig) => new SecretBox(await loadWebhookSecretKey(config)) },
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
      `Webhook secrets are encrypted with the key in ${keyFilePath(this.config)}. Deployments with several instances must set WEBHOOK_SECRET_KEY to the same value on each.`,
    );
  }
}
