import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AuthenticatedKey } from '../common/auth/authenticated-key';
import { CurrentApiKey } from '../common/auth/current-api-key.decorator';
import { RequireScope } from '../common/auth/require-scope.decorator';
import { ApiErrorEnvelope } from '../common/errors/error-envelope.dto';
import { CallsOut } from '../common/idempotency/calls-out.decorator';
import { CommitStep } from '../common/idempotency/commit-step';
import { ListQueryDto } from '../common/pagination/list-query.dto';
import { WebhookDeliveryListResponse, WebhookDeliveryResponse } from './dto/webhook-delivery-response.dto';
import { WebhookDeliveriesService } from './webhook-deliveries.service';
import { presentWebhookDelivery } from './webhook-delivery.presenter';

@ApiTags('Webhook endpoints')
@Controller('api/v1/webhook_endpoints/:id')
export class WebhookDeliveriesController {
  constructor(private readonly deliveries: WebhookDeliveriesService) {}

  /** Sends a signed `webhook_endpoint.test` event to this endpoint now and returns the attempt's outcome. */
  @Post('test')
  @HttpCode(200)
  @RequireScope('webhooks:write')
  @CallsOut()
  @ApiOkResponse({ type: WebhookDeliveryResponse })
  @ApiNotFoundResponse({ type: ApiErrorEnvelope })
  async testWebhookEndpoint(@CurrentApiKey() key: AuthenticatedKey, @Param('id') id: string): Promise<CommitStep<WebhookDeliveryResponse>> {
    return (await this.deliveries.sendTest(key.mode, id)).map(presentWebhookDelivery);
  }

  /** This endpoint's deliveries, newest first, each with its attempts. */
  @Get('deliveries')
  @RequireScope('webhooks:read')
  @ApiOkResponse({ type: WebhookDeliveryListResponse })
  @ApiNotFoundResponse({ type: ApiErrorEnvelope })
  async listWebhookDeliveries(
    @CurrentApiKey() key: AuthenticatedKey,
    @Param('id') id: string,
    @Query() query: ListQueryDto,
  ): Promise<WebhookDeliveryListResponse> {
    const page = await this.deliveries.list(key.mode, id, query);
    return { ...page, data: page.data.map(presentWebhookDelivery) };
  }

  /**
   * Sends the delivery's event to the endpoint again now, whatever its state, and adds the attempt to it.
   * A success marks it `succeeded`; a failure leaves its state and schedule as they were (a succeeded
   * delivery stays succeeded).
   */
  @Post('deliveries/:deliveryId/retry')
  @HttpCode(200)
  @RequireScope('webhooks:write')
  @CallsOut()
  @ApiOkResponse({ type: WebhookDeliveryResponse })
  @ApiNotFoundResponse({ type: ApiErrorEnvelope })
  @ApiConflictResponse({
    description: 'The delivery is being attempted right now, so nothing was sent; or a request with this `Idempotency-Key` is still running.',
    type: ApiErrorEnvelope,
  })
  async retryWebhookDelivery(
    @CurrentApiKey() key: AuthenticatedKey,
    @Param('id') id: string,
    @Param('deliveryId') deliveryId: string,
  ): Promise<CommitStep<WebhookDeliveryResponse>> {
    return (await this.deliveries.resend(key.mode, id, deliveryId)).map(presentWebhookDelivery);
  }
}
