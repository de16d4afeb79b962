import { Controller, Get, Param, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CheckoutPageUrls } from '../common/security/checkout-page-urls';
import { PaymentLinksService } from '../links/payment-links.service';
import { CheckoutSessionsService } from '../sessions/checkout-sessions.service';
import { CheckoutPageExceptionFilter } from './checkout-page.filter';
import { linkArchived, pageNotFound } from './page-errors';
import { PaymentLinkLimiter } from './payment-link-limiter';

/**
 * `GET /pay/:id`, a payment link's `url` (DESIGN.md §14): every visit opens a checkout session
 * for the link's price, in the link's mode, and sends the payer to its page (303). Limited per
 * client address; an archived link answers 410.
 */
@ApiExcludeController()
@Controller('pay')
@UseFilters(CheckoutPageExceptionFilter)
export class PaymentLinkLandingController {
  constructor(
    private readonly links: PaymentLinksService,
    private readonly sessions: CheckoutSessionsService,
    private readonly urls: CheckoutPageUrls,
    private readonly limiter: PaymentLinkLimiter,
  ) {}

  @Get(':id')
  async openPaymentLink(@Param('id') id: string, @Req() request: Request, @Res() response: Response): Promise<void> {
    // Before any lookup: a flood costs one counter each, not queries.
    await this.limiter.admit(request);
    const mode = await this.links.modeOf(id);
    if (!mode) throw pageNotFound();
    const link = await this.links.get(mode, id);
    if (!link.active) throw linkArchived();
    const session = await this.sessions.create(mode, { paymentLink: link.id });
    response.redirect(303, this.urls.path(session.id));
  }
}
