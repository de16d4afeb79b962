import { ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { CustomerResponse } from '../../customers/dto/customer-response.dto';
import { PaymentLinkResponse } from '../../links/dto/payment-link-response.dto';
import { CheckoutSessionResponse } from '../../sessions/dto/checkout-session-response.dto';
import { WebhookEndpointResponse } from '../../webhooks/dto/webhook-endpoint-response.dto';
import { EVENT_TYPES } from '../event-types';
import type { EventType } from '../event-types';

/** The schema of `data.object` by its `object` value, which is also every event type's prefix (`customer.created`). */
const EVENT_OBJECTS = {
  customer: CustomerResponse,
  payment_link: PaymentLinkResponse,
  checkout_session: CheckoutSessionResponse,
  webhook_endpoint: WebhookEndpointResponse,
} as const;

type EventObject = CustomerResponse | PaymentLinkResponse | CheckoutSessionResponse | WebhookEndpointResponse;

/** Each event type and the payload it carries, for the `type` property's description. */
function payloads(): string {
  return Object.entries(EVENT_OBJECTS)
    .map(([object, schema]) => {
      const types = EVENT_TYPES.filter((type) => type.startsWith(`${object}.`)).map((type) => `\`${type}\``);
      return `- ${types.join(', ')}: \`data.object\` is a \`${schema.name}\` (\`object: "${object}"\`).`;
    })
    .join('\n');
}

export class EventData {
  /** The object as it was just after the change (its full API representation); its `object` field says which. */
  @ApiProperty({
    oneOf: Object.values(EVENT_OBJECTS).map((schema) => ({ $ref: getSchemaPath(schema) })),
    discriminator: {
      propertyName: 'object',
      mapping: Object.fromEntries(Object.entries(EVENT_OBJECTS).map(([object, schema]) => [object, getSchemaPath(schema)])),
    },
  })
  object!: EventObject;

  /**
   * On `*.updated` events only: the fields the change altered, with their values before it (as Stripe's
   * `previous_attributes`). A nested value such as `metadata` is given whole; a field that was null is `null`.
   */
  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  previousAttributes?: Record<string, unknown>;
}

export class EventResponse {
  /**
   * `evt_…`
   * @example "evt_01jdqvtsjxf2nbrexx3vqjhp41"
   */
  id!: string;

  @ApiProperty({ enum: ['event'] })
  object!: 'event';

  livemode!: boolean;

  @ApiProperty({ enum: EVENT_TYPES, description: `What happened; the payload of each type:\n\n${payloads()}` })
  type!: EventType;

  data!: EventData;

  createdAt!: Date;
}

export class EventListResponse {
  @ApiProperty({ enum: ['list'] })
  object!: 'list';

  data!: EventResponse[];

  hasMore!: boolean;
}
