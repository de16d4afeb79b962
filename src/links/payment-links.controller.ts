import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AuthenticatedKey } from '../common/auth/authenticated-key';
import { CurrentApiKey } from '../common/auth/current-api-key.decorator';
import { RequireScope } from '../common/auth/require-scope.decorator';
import { ApiErrorEnvelope } from '../common/errors/error-envelope.dto';
import { ListQueryDto } from '../common/pagination/list-query.dto';
import { CreatePaymentLinkDto } from './dto/create-payment-link.dto';
import { PaymentLinkListResponse, PaymentLinkResponse } from './dto/payment-link-response.dto';
import { UpdatePaymentLinkDto } from './dto/update-payment-link.dto';
import { PaymentLinksService } from './payment-links.service';

@ApiTags('Payment links')
@Controller('api/v1/payment_links')
export class PaymentLinksController {
  constructor(private readonly links: PaymentLinksService) {}

  /** Creates a payment link: a price customers can pay at its `url`. */
  @Post()
  @RequireScope('links:write')
  @ApiCreatedResponse({ type: PaymentLinkResponse })
  async createPaymentLink(@CurrentApiKey() key: AuthenticatedKey, @Body() body: CreatePaymentLinkDto): Promise<PaymentLinkResponse> {
    return this.links.present(await this.links.create(key.mode, body));
  }

  /** Payment links of the key's mode, newest first. */
  @Get()
  @RequireScope('links:read')
  @ApiOkResponse({ type: PaymentLinkListResponse })
  async listPaymentLinks(@CurrentApiKey() key: AuthenticatedKey, @Query() query: ListQueryDto): Promise<PaymentLinkListResponse> {
    const page = await this.links.list(key.mode, query);
    return { ...page, data: page.data.map((link) => this.links.present(link)) };
  }

  /** Retrieves a payment link of the key's mode. */
  @Get(':id')
  @RequireScope('links:read')
  @ApiOkResponse({ type: PaymentLinkResponse })
  @ApiNotFoundResponse({ type: ApiErrorEnvelope })
  async getPaymentLink(@CurrentApiKey() key: AuthenticatedKey, @Param('id') id: string): Promise<PaymentLinkResponse> {
    return this.links.present(await this.links.get(key.mode, id));
  }

  /** Updates a payment link; `metadata` keys are merged, and an archived link cannot change. */
  @Patch(':id')
  @RequireScope('links:write')
  @ApiOkResponse({ type: PaymentLinkResponse })
  @ApiNotFoundResponse({ type: ApiErrorEnvelope })
  @ApiConflictResponse({ description: 'The link is archived.', type: ApiErrorEnvelope })
  async updatePaymentLink(
    @CurrentApiKey() key: AuthenticatedKey,
    @Param('id') id: string,
    @Body() body: UpdatePaymentLinkDto,
  ): Promise<PaymentLinkResponse> {
    return this.links.present(await this.links.update(key.mode, id, body));
  }

  /** Archives the link for good: it stops accepting payments. */
  @Post(':id/archive')
  @HttpCode(200)
  @RequireScope('links:write')
  @ApiOkResponse({ type: PaymentLinkResponse })
  @ApiNotFoundResponse({ type: ApiErrorEnvelope })
  @ApiConflictResponse({ description: 'The link is already archived.', type: ApiErrorEnvelope })
  async archivePaymentLink(@CurrentApiKey() key: AuthenticatedKey, @Param('id') id: string): Promise<PaymentLinkResponse> {
    return this.links.present(await this.links.archive(key.mode, id));
  }
}
