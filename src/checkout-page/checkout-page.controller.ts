import { Body, Controller, Get, Param, Post, Query, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { parseUnits } from 'viem';
import { NetworkRegistry } from '../chains/network-registry';
import { isNetworkName, NETWORKS } from '../chains/networks';
import { ApiErrors } from '../common/errors/api-errors';
import { field } from '../common/pages/form-fields';
import { sendPage } from '../common/pages/send-page';
import { CheckoutPageUrls } from '../common/security/checkout-page-urls';
import { AppConfig } from '../config/app-config';
import type { CheckoutSession } from '../sessions/checkout-session.entity';
import { CheckoutSessionsService } from '../sessions/checkout-sessions.service';
import { TestPayments } from '../sessions/payments/test-payments';
import { CheckoutPageExceptionFilter } from './checkout-page.filter';
import { checkoutStatus, CheckoutStatus } from './checkout-status';
import { checkoutView, CheckoutView } from './checkout-view';
import { pageNotFound } from './page-errors';
import { PageSessions } from './page-sessions';
import { qrSvg } from './qr-svg';
import { isSimulation, simulatedAmount } from './simulated-payment';
import { checkoutPage } from './templates/checkout.page';

/**
 * The hosted checkout page (DESIGN.md §14): `/checkout/:id?s=<secret>`, its live status, and in
 * test mode its simulate buttons. Complete without JavaScript: a reload shows the current state.
 */
@ApiExcludeController()
@Controller('checkout')
@UseFilters(CheckoutPageExceptionFilter)
export class CheckoutPageController {
  constructor(
    private readonly pages: PageSessions,
    private readonly sessions: CheckoutSessionsService,
    private readonly urls: CheckoutPageUrls,
    private readonly registry: NetworkRegistry,
    private readonly testPayments: TestPayments,
    private readonly config: AppConfig,
  ) {}

  @Get(':id')
  async showCheckoutPage(@Param('id') id: string, @Query('s') secret: unknown, @Query('network') network: unknown, @Res() response: Response): Promise<void> {
    const session = await this.pages.open(id, secret);
    const view = this.viewOf(session, field(network));
    const qr = view.selected && (await qrSvg(view.selected.uri, `QR code: pay ${view.selected.amount} ${view.selected.currency} on ${view.selected.label}`));
    sendPage(
      response,
      checkoutPage({
        view,
        merchantName: this.config.merchantName,
        pagePath: this.urls.path(id),
        secret: this.urls.secretOf(id),
        statusPath: `/checkout/${id}/status?s=${this.urls.secretOf(id)}`,
        simulatePath: session.livemode ? undefined : `/checkout/${id}/simulate?s=${this.urls.secretOf(id)}`,
        qr,
        now: new Date(),
        addChainRpcUrl: (name) => (!session.livemode && isNetworkName(name) ? this.registry.devChainUrl(name) : undefined),
      }),
    );
  }

  /** Polled by the page's script; answers what the page shows and nothing more. */
  @Get(':id/status')
  async checkoutStatus(@Param('id') id: string, @Query('s') secret: unknown): Promise<CheckoutStatus> {
    return checkoutStatus(this.viewOf(await this.pages.open(id, secret)));
  }

  /** Test mode only: pays the session through the test helper, as a customer would, then shows the page again. */
  @Post(':id/simulate')
  async simulatePayment(@Param('id') id: string, @Query('s') secret: unknown, @Body() body: Record<string, unknown>, @Res() response: Response): Promise<void> {
    const session = await this.pages.open(id, secret);
    // A live page has no such buttons, and the route does not exist for it either.
    if (session.livemode) throw pageNotFound();
    const simulation = body.amount;
    if (!isSimulation(simulation)) throw ApiErrors.parameterInvalid('amount', 'Choose exact, under or over.');
    const presented = this.sessions.present(session);
    const option = presented.networks.find((network) => network.network === field(body.network)) ?? presented.networks[0];
    const amount = option && simulatedAmount(simulation, parseUnits(presented.amountDue, option.decimals), option.decimals);
    const step = await this.testPayments.pay('test', id, { amount, network: option?.network });
    await step.commit();
    response.redirect(303, option ? `${this.urls.path(id)}&network=${encodeURIComponent(option.network)}` : this.urls.path(id));
  }

  private viewOf(session: CheckoutSession, network?: string): CheckoutView {
    const overrides = this.config.payments.networks.settlement;
    return checkoutView(this.sessions.present(session), (name) => (isNetworkName(name) ? (overrides.get(name) ?? NETWORKS[name].settlement) : undefined), network);
  }
}
