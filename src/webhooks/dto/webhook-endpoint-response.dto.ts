import { ApiProperty } from '@nestjs/swagger';
import { WEBHOOK_ENDPOINT_STATUSES } from '../webhook-endpoint.entity';
import type { EnabledEvent, WebhookEndpointStatus } from '../webhook-endpoint.entity';
import { ENABLED_EVENT_CHOICES } from './create-webhook-endpoint.dto';

export class WebhookEndpointResponse {
  /**
   * `we_…`
   * @example "we_01jdqvtsjxf2nbrexx3vqjhp41"
   */
  id!: string;

  @ApiProperty({ enum: ['webhook_endpoint'] })
  object!: 'webhook_endpoint';

  livemode!: boolean;

  /**
   * The URL as the WHATWG URL parser normalises it (e.g. a trailing `/` on a bare host).
   * @example "https://shop.example.com/webhooks"
   */
  url!: string;

  @ApiProperty({ enum: ENABLED_EVENT_CHOICES, isArray: true })
  enabledEvents!: EnabledEvent[];

  description!: string | null;

  /** `disabled`: events are no longer sent to it (e.g. it answered 410 Gone). */
  @ApiProperty({ enum: WEBHOOK_ENDPOINT_STATUSES })
  status!: WebhookEndpointStatus;

  /**
   * After a secret roll: until this time the previous secret signs deliveries too (a second signature in
   * `webhook-signature`). Null when no roll left one in use.
   */
  previousSecretExpiresAt!: Date | null;

  createdAt!: Date;
}

export class CreatedWebhookEndpointResponse extends WebhookEndpointResponse {
  /**
   * `whsec_…`: verifies the signatures of the events sent. Shown in this response only: store it now.
   * `null` in an idempotent replay (`Idempotent-Replayed: true`, with `Idempotent-Replay-Omitted: secret`):
   * the secret is never stored, so it cannot be replayed. To get a usable secret, delete the endpoint
   * and create it again.
   */
  secret!: string | null;
}

export class RolledWebhookEndpointResponse extends WebhookEndpointResponse {
  /**
   * The new `whsec_…` secret, shown in this response only: store it now. `null` in an idempotent replay
   * (`Idempotent-Replayed: true`, with `Idempotent-Replay-Omitted: secret`): it is never stored in clear,
   * so it cannot be replayed; roll again to get a usable one.
   */
  secret!: string | null;
}

export class DeletedWebhookEndpointResponse {
  /**
   * `we_…`
   * @example "we_01jdqvtsjxf2nbrexx3vqjhp41"
   */
  id!: string;

  @ApiProperty({ enum: ['webhook_endpoint'] })
  object!: 'webhook_endpoint';

  @ApiProperty({ enum: [true] })
  deleted!: true;
}

export class WebhookEndpointListResponse {
  @ApiProperty({ enum: ['list'] })
  object!: 'list';

  data!: WebhookEndpointResponse[];

  hasMore!: boolean;
}
