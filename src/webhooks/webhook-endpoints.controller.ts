import { Body, Controller, Delete, Get, Header, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AuthenticatedKey } from '../common/auth/authenticated-key';
import { CurrentApiKey } from '../common/auth/current-api-key.decorator';
import { RequireScope } from '../common/auth/require-scope.decorator';
import { ApiErrorEnvelope } from '../common/errors/error-envelope.dto';
import { CallsOut } from '../common/idempotency/calls-out.decorator';
import { CommitStep } from '../common/idempotency/commit-step';
import { ListQueryDto } from '../common/pagination/list-query.dto';
import { CreateWebhookEndpointDto } from './dto/create-webhook-endpoint.dto';
import { RollWebhookSecretDto } from './dto/roll-webhook-secret.dto';
import { UpdateWebhookEndpointDto } from './dto/update-webhook-endpoint.dto';
import {
  CreatedWebhookEndpointResponse,
  DeletedWebhookEndpointResponse,
  RolledWebhookEndpointResponse,
  WebhookEndpointListResponse,
  WebhookEndpointResponse,
} from './dto/webhook-endpoint-response.dto';
import { presentDeletedWebhookEndpoint, presentWebhookEndpoint } from './webhook-endpoint.presenter';
import { WebhookEndpointsService } from './webhook-endpoints.service';

@ApiTags('Webhook endpoints')
@Controller('api/v1/webhook_endpoints')
export class WebhookEndpointsController {
  constructor(private readonly endpoints: WebhookEndpointsService) {}

  /**
   * Creates an endpoint. The response holds its signing `secret`, this once: an idempotent replay has
   * `secret: null` (it is never stored); delete and re-create the endpoint to get a usable one.
   */
  @Post()
  @RequireScope('webhooks:write')
  @CallsOut()
  @Header('Cache-Control', 'no-store')
  @ApiCreatedResponse({ type: CreatedWebhookEndpointResponse })
  async createWebhookEndpoint(
    @CurrentApiKey() key: AuthenticatedKey,
    @Body() body: CreateWebhookEndpointDto,
  ): Promise<CommitStep<CreatedWebhookEndpointResponse>> {
    return (await this.endpoints.create(key.mode, body)).map(({ endpoint, secret }) => ({ ...presentWebhookEndpoint(endpoint), secret }));
  }

  /** Endpoints of the key's mode, newest first. */
  @Get()
  @RequireScope('webhooks:read')
  @ApiOkResponse({ type: WebhookEndpointListResponse })
  async listWebhookEndpoints(@CurrentApiKey() key: AuthenticatedKey, @Query() query: ListQueryDto): Promise<WebhookEndpointListResponse> {
    const page = await this.endpoints.list(key.mode, query);
    return { ...page, data: page.data.map(presentWebhookEndpoint) };
  }

  /** Retrieves an endpoint (never its secret). */
  @Get(':id')
  @RequireScope('webhooks:read')
  @ApiOkResponse({ type: WebhookEndpointResponse })
  @ApiNotFoundResponse({ type: ApiErrorEnvelope })
  async getWebhookEndpoint(@CurrentApiKey() key: AuthenticatedKey, @Param('id') id: string): Promise<WebhookEndpointResponse> {
    return presentWebhookEndpoint(await this.endpoints.get(key.mode, id));
  }

  /**
   * Updates an endpoint's `url` (checked as on create), `enabledEvents`, `description` or `status`:
   * `enabled` resumes deliveries after a 410 Gone disabled it. Records a `webhook_endpoint.updated` event.
   */
  @Patch(':id')
  @RequireScope('webhooks:write')
  @CallsOut()
  @ApiOkResponse({ type: WebhookEndpointResponse })
  @ApiNotFoundResponse({ type: ApiErrorEnvelope })
  async updateWebhookEndpoint(
    @CurrentApiKey() key: AuthenticatedKey,
    @Param('id') id: string,
    @Body() body: UpdateWebhookEndpointDto,
  ): Promise<CommitStep<WebhookEndpointResponse>> {
    return (await this.endpoints.update(key.mode, id, body)).map(presentWebhookEndpoint);
  }

  /**
   * Replaces the signing secret. The response holds the new `secret`, this once (`null` in an idempotent
   * replay); the old one also signs deliveries for `expiresInHours` more, each delivery carrying both signatures.
   */
  @Post(':id/roll_secret')
  @HttpCode(200)
  @RequireScope('webhooks:write')
  @Header('Cache-Control', 'no-store')
  @ApiOkResponse({ type: RolledWebhookEndpointResponse })
  @ApiNotFoundResponse({ type: ApiErrorEnvelope })
  async rollWebhookEndpointSecret(
    @CurrentApiKey() key: AuthenticatedKey,
    @Param('id') id: string,
    @Body() body: RollWebhookSecretDto,
  ): Promise<RolledWebhookEndpointResponse> {
    const { endpoint, secret } = await this.endpoints.rollSecret(key.mode, id, body.expiresInHours);
    return { ...presentWebhookEndpoint(endpoint), secret };
  }

  /** Deletes an endpoint: no events are sent to it any more, and it is gone from every route. */
  @Delete(':id')
  @RequireScope('webhooks:write')
  @ApiOkResponse({ type: DeletedWebhookEndpointResponse })
  @ApiNotFoundResponse({ type: ApiErrorEnvelope })
  async deleteWebhookEndpoint(@CurrentApiKey() key: AuthenticatedKey, @Param('id') id: string): Promise<DeletedWebhookEndpointResponse> {
    return presentDeletedWebhookEndpoint(await this.endpoints.delete(key.mode, id));
  }
}
