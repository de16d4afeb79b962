import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBody, ApiConflictResponse, ApiCreatedResponse, ApiExtraModels, ApiNotFoundResponse, ApiOkResponse, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { AuthenticatedKey } from '../common/auth/authenticated-key';
import { CurrentApiKey } from '../common/auth/current-api-key.decorator';
import { RequireScope } from '../common/auth/require-scope.decorator';
import { ApiErrorEnvelope } from '../common/errors/error-envelope.dto';
import { CheckoutSessionsService } from './checkout-sessions.service';
import { CheckoutSessionListResponse, CheckoutSessionResponse } from './dto/checkout-session-response.dto';
import { ListCheckoutSessionsQueryDto } from './dto/list-checkout-sessions-query.dto';
import {
  CREATE_CHECKOUT_SESSION_EXAMPLES,
  CreateCheckoutSessionDto,
  CreateCheckoutSessionForAmount,
  CreateCheckoutSessionForPaymentLink,
} from './dto/create-checkout-session.dto';

@ApiTags('Checkout sessions')
@Controller('api/v1/checkout_sessions')
export class CheckoutSessionsController {
  constructor(private readonly sessions: CheckoutSessionsService) {}

  /** Opens a session for `amount` + `currency`, or for a payment link's price. */
  @Post()
  @RequireScope('sessions:write')
  @ApiExtraModels(CreateCheckoutSessionForAmount, CreateCheckoutSessionForPaymentLink)
  @ApiBody({
    schema: { oneOf: [{ $ref: getSchemaPath(CreateCheckoutSessionForAmount) }, { $ref: getSchemaPath(CreateCheckoutSessionForPaymentLink) }] },
    examples: CREATE_CHECKOUT_SESSION_EXAMPLES,
  })
  @ApiCreatedResponse({ type: CheckoutSessionResponse })
  @ApiNotFoundResponse({ description: 'The customer or payment link does not exist in this mode.', type: ApiErrorEnvelope })
  async createCheckoutSession(@CurrentApiKey() key: AuthenticatedKey, @Body() body: CreateCheckoutSessionDto): Promise<CheckoutSessionResponse> {
    return this.sessions.present(await this.sessions.create(key.mode, body));
  }

  /** Sessions of the key's mode, newest first. */
  @Get()
  @RequireScope('sessions:read')
  @ApiOkResponse({ type: CheckoutSessionListResponse })
  async listCheckoutSessions(@CurrentApiKey() key: AuthenticatedKey, @Query() query: ListCheckoutSessionsQueryDto): Promise<CheckoutSessionListResponse> {
    const page = await this.sessions.list(key.mode, query);
    return { ...page, data: page.data.map((session) => this.sessions.present(session)) };
  }

  /** Retrieves a checkout session; one past `expiresAt` reads as expired. */
  @Get(':id')
  @RequireScope('sessions:read')
  @ApiOkResponse({ type: CheckoutSessionResponse })
  @ApiNotFoundResponse({ type: ApiErrorEnvelope })
  async getCheckoutSession(@CurrentApiKey() key: AuthenticatedKey, @Param('id') id: string): Promise<CheckoutSessionResponse> {
    return this.sessions.present(await this.sessions.get(key.mode, id));
  }

  /** Expires an open session now; it can no longer be paid. */
  @Post(':id/expire')
  @HttpCode(200)
  @RequireScope('sessions:write')
  @ApiOkResponse({ type: CheckoutSessionResponse })
  @ApiNotFoundResponse({ type: ApiErrorEnvelope })
  @ApiConflictResponse({ description: 'The session is not open.', type: ApiErrorEnvelope })
  async expireCheckoutSession(@CurrentApiKey() key: AuthenticatedKey, @Param('id') id: string): Promise<CheckoutSessionResponse> {
    return this.sessions.present(await this.sessions.expire(key.mode, id));
  }
}
