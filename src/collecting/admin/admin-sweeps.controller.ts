import { Body, Controller, Get, HttpCode, Post, Query, UseGuards } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBadRequestResponse, ApiConflictResponse, ApiCookieAuth, ApiOkResponse, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { AdminSessionGuard } from '../../admin/admin-session.guard';
import { SameOriginGuard } from '../../admin/same-origin.guard';
import { ApiErrorEnvelope } from '../../common/errors/error-envelope.dto';
import { ListQueryDto } from '../../common/pagination/list-query.dto';
import { Balances } from './balances.service';
import { BalancesResponse } from './dto/balances-response.dto';
import { RequestSweepDto } from './dto/request-sweep.dto';
import { SweepListResponse, SweepRequestResponse } from './dto/sweep-response.dto';
import { SweepHistory } from './sweep-history';
import { SweepNow } from './sweep-now';

/** Collecting funds for the operator (DESIGN.md §13): balances, sweeps, and "sweep now", behind an admin session. */
@ApiTags('Admin')
@ApiCookieAuth('adminSession')
@ApiUnauthorizedResponse({ description: 'No valid admin session.', type: ApiErrorEnvelope })
@Controller('admin')
@UseGuards(SameOriginGuard, AdminSessionGuard)
export class AdminSweepsController {
  constructor(
    private readonly balances: Balances,
    private readonly history: SweepHistory,
    private readonly sweepNow: SweepNow,
  ) {}

  /** Per network, mode and currency: received, swept and waiting; the last sweep; the gas key's balances. */
  @Get('balances')
  @ApiOkResponse({ type: BalancesResponse })
  getBalances(): Promise<BalancesResponse> {
    return this.balances.overview();
  }

  /** Sweeps of both modes, whoever sent them, newest first. */
  @Get('sweeps')
  @ApiOkResponse({ type: SweepListResponse })
  listSweeps(@Query() query: ListQueryDto): Promise<SweepListResponse> {
    return this.history.page(query);
  }

  /** Asks the network's sweeper to sweep everything waiting at its next round, worth the gas or not. */
  @Post('sweeps')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: SweepRequestResponse })
  @ApiBadRequestResponse({ description: 'The network is not enabled here.', type: ApiErrorEnvelope })
  @ApiConflictResponse({ description: 'Automatic sweeps are off (SWEEP_GAS_KEY is unset).', type: ApiErrorEnvelope })
  requestSweep(@Body() body: RequestSweepDto): Promise<SweepRequestResponse> {
    return this.sweepNow.request(body.network);
  }
}
