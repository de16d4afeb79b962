import { Body, Controller, Get, Post, Query, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { AdminSessionGuard } from '../admin/admin-session.guard';
import type { AdminSession } from '../admin/admin-session.entity';
import { CurrentAdminSession } from '../admin/current-admin';
import { SameOriginGuard } from '../admin/same-origin.guard';
import { isNetworkName } from '../chains/networks';
import { Balances } from '../collecting/admin/balances.service';
import { RequestSweepDto } from '../collecting/admin/dto/request-sweep.dto';
import { SweepHistory } from '../collecting/admin/sweep-history';
import { SweepNow } from '../collecting/admin/sweep-now';
import { field } from '../common/pages/form-fields';
import { ListQueryDto } from '../common/pagination/list-query.dto';
import { sendPage } from '../common/pages/send-page';
import { DashboardExceptionFilter } from './dashboard-exception.filter';
import { validateForm } from './form-validation';
import { balancesPage } from './templates/balances.page';

const RECENT_SWEEPS = 20;

/**
 * `/dashboard/balances`: what the admin API's `GET /admin/balances` and `GET /admin/sweeps`
 * answer, as a page, and its "Sweep now" as a form, through the same services, so the page and
 * the API can never disagree.
 */
@ApiExcludeController()
@Controller('dashboard/balances')
@UseGuards(SameOriginGuard, AdminSessionGuard)
@UseFilters(DashboardExceptionFilter)
export class DashboardBalancesController {
  constructor(
    private readonly balances: Balances,
    private readonly history: SweepHistory,
    private readonly sweepNow: SweepNow,
  ) {}

  @Get()
  async balancesPage(
    @CurrentAdminSession() session: AdminSession,
    @Query('startingAfter') startingAfter: unknown,
    @Query('requested') requested: unknown,
    @Res() response: Response,
  ): Promise<void> {
    const query = await validateForm(ListQueryDto, { limit: RECENT_SWEEPS, startingAfter: field(startingAfter) });
    if (!query.ok) throw query.error;
    const [balances, sweeps] = await Promise.all([this.balances.overview(), this.history.page(query.value)]);
    const network = field(requested);
    sendPage(
      response,
      balancesPage({
        email: session.admin?.email ?? '',
        balances,
        sweeps: sweeps.data,
        olderAfter: sweeps.hasMore ? sweeps.data[sweeps.data.length - 1].id : undefined,
        requested: network !== undefined && isNetworkName(network) ? network : undefined,
      }),
    );
  }

  /**
   * "Sweep now": refused as `POST /admin/sweeps` refuses it (the error page), else back to the
   * page with a notice. Posted to the page's own path, so a signed-out post signs in back to it.
   */
  @Post()
  async requestSweepFromForm(@Body() body: Record<string, unknown>, @Res() response: Response): Promise<void> {
    const form = await validateForm(RequestSweepDto, { network: field(body.network) });
    if (!form.ok) throw form.error;
    await this.sweepNow.request(form.value.network);
    response.redirect(303, `/dashboard/balances?requested=${encodeURIComponent(form.value.network)}`);
  }
}
