import { ApiProperty } from '@nestjs/swagger';
import { DELIVERY_STATUSES } from '../webhook-delivery.entity';
import type { DeliveryStatus } from '../webhook-delivery.entity';

export class DeliveryAttemptResponse {
  /** 1 for the first attempt. */
  @ApiProperty({ type: 'integer' })
  attempt!: number;

  /** @example "2026-11-26T12:00:00.000Z" */
  at!: string;

  /** The receiver's HTTP status; null when it gave none (timeout, refused, connection error). */
  @ApiProperty({ type: 'integer' })
  responseStatus!: number | null;

  @ApiProperty({ type: 'integer' })
  durationMs!: number;

  /**
   * At most the first 1 KB of the receiver's answer, decoded as UTF-8: bytes that are not UTF-8, and
   * NUL, appear as U+FFFD (�); a character cut by the 1 KB limit is left out. Null when there was no
   * answer, or when it came from a non-public address (loopback, private, link-local…), whose
   * content is never stored.
   */
  responseBody!: string | null;

  /** Why no status came back, or why nothing was sent. */
  error!: string | null;
}

export class WebhookDeliveryResponse {
  /**
   * `whd_…`
   * @example "whd_01jdqvtsjxf2nbrexx3vqjhp41"
   */
  id!: string;

  @ApiProperty({ enum: ['webhook_delivery'] })
  object!: 'webhook_delivery';

  livemode!: boolean;

  /**
   * `we_…`
   * @example "we_01jdqvtsjxf2nbrexx3vqjhp41"
   */
  endpoint!: string;

  /**
   * `evt_…`, also the `webhook-id` header of every attempt.
   * @example "evt_01jdqvtsjxf2nbrexx3vqjhp41"
   */
  event!: string;

  /** @example "checkout_session.completed" */
  eventType!: string;

  /** `pending` while attempts remain, then `succeeded` or `failed`. */
  @ApiProperty({ enum: DELIVERY_STATUSES })
  status!: DeliveryStatus;

  /** When the next attempt is due, if one is. */
  nextAttemptAt!: Date | null;

  attempts!: DeliveryAttemptResponse[];

  createdAt!: Date;
}

export class WebhookDeliveryListResponse {
  @ApiProperty({ enum: ['list'] })
  object!: 'list';

  data!: WebhookDeliveryResponse[];

  hasMore!: boolean;
}
