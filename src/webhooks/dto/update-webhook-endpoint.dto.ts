import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { Omittable, OmittableType } from '../../common/validation/omittable';
import { WEBHOOK_ENDPOINT_STATUSES } from '../webhook-endpoint.entity';
import type { WebhookEndpointStatus } from '../webhook-endpoint.entity';
import { CreateWebhookEndpointDto } from './create-webhook-endpoint.dto';

/** Any field of an endpoint, under the rules of create; a new `url` is checked as on create. */
export class UpdateWebhookEndpointDto extends OmittableType(CreateWebhookEndpointDto) {
  /** `enabled` sends events to the endpoint again, e.g. after a 410 Gone disabled it; `disabled` stops them. */
  @ApiProperty({ enum: WEBHOOK_ENDPOINT_STATUSES, required: false })
  @Omittable()
  @IsIn(WEBHOOK_ENDPOINT_STATUSES)
  status?: WebhookEndpointStatus;
}
