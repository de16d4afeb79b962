import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { EVENT_TYPES } from '../event-types';
import type { EventType } from '../event-types';

export class EventData {
  /** The object as it was just after the change (its full API representation). */
  @ApiProperty({ type: 'object', additionalProperties: true })
  object!: Record<string, unknown>;

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

  @ApiProperty({ enum: EVENT_TYPES })
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
