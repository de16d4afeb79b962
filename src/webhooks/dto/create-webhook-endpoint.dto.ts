import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayNotEmpty, ArrayUnique, IsArray, IsIn, IsString, Length, MaxLength, ValidateBy } from 'class-validator';
import { FreeText } from '../../common/validation/free-text.decorator';
import { Omittable } from '../../common/validation/omittable';
import { EVENT_TYPES } from '../../events/event-types';
import { MAX_URL_LENGTH } from '../destination-policy';
import { ALL_EVENTS } from '../webhook-endpoint.entity';
import type { EnabledEvent } from '../webhook-endpoint.entity';

export const ENABLED_EVENT_CHOICES = [ALL_EVENTS, ...EVENT_TYPES] as const;

/** `*` stands for every type, so it is only meaningful on its own. */
function WildcardAlone() {
  return ValidateBy({
    name: 'wildcardAlone',
    validator: {
      validate: (value: unknown) => !Array.isArray(value) || value.length === 1 || !value.includes(ALL_EVENTS),
      defaultMessage: () => `enabledEvents must be ["${ALL_EVENTS}"] alone or a list of event types without "${ALL_EVENTS}"`,
    },
  });
}

export class CreateWebhookEndpointDto {
  /**
   * Where events are sent. Test mode: any http or https URL, localhost included.
   * Live mode: https only, to a host that is and resolves to public addresses only.
   * @example "https://shop.example.com/webhooks"
   */
  @IsString()
  @MaxLength(MAX_URL_LENGTH)
  url!: string;

  /** The event types to send, each at most once, or `["*"]` for every type. */
  @ApiProperty({ enum: ENABLED_EVENT_CHOICES, isArray: true })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(ENABLED_EVENT_CHOICES.length)
  @ArrayUnique({ message: 'enabledEvents must not list an event type twice' })
  @IsIn(ENABLED_EVENT_CHOICES, { each: true, message: 'enabledEvents must hold known event types, or be ["*"]' })
  @WildcardAlone()
  enabledEvents!: EnabledEvent[];

  /** What the endpoint is for, for your own reference. */
  @Omittable()
  @IsString()
  @Length(1, 500)
  @FreeText()
  description?: string;
}
