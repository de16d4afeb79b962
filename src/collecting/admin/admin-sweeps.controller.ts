import { Body, Controller, Get, HttpCode, Post, Query, UseGuards } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { ApiAcceptedResponse, ApiBadRequestResponse, ApiConflictResponse, ApiCookieAuth, ApiOkResponse, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { In, Repository } from 'typeorm';
import { AdminSessionGuard } from '../../admin/admin-session.guard';
import { SameOriginGuard } from '../../admin/same-origin.guard';
import { ApiErrors } from '../../common/errors/api-errors';
import { ApiErrorEnvelope } from '../../common/errors/error-envelope.dto';
import { ListQueryDto } from '../../common/pagination/list-query.dto';
import { paginate } from '../../common/pagination/paginate';
import { NetworkRegistry } from '../../chains/network-registry';
import { NETWORKS } from '../../chains/networks';
import { AppConfig } from '../../config/app-config';
import { OwnSweeps } from '../own-sweeps';
import { SweepItem } from '../sweep-item.entity';
import { Sweep } from '../sweep.entity';
import { Balances } from './balances.service';
import { BalancesResponse } from './dto/balances-response.dto';
import { RequestSweepDto } from './dto/request-sweep.dto';
import { SweepListResponse, SweepRequestResponse } from './dto/sweep-response.dto';
import { presentSweep } from './sweep.presenter';

/** Collecting funds for the operator (DESIGN.md §13): balances, sweeps, and "sweep now", behind an admin session. */
@ApiTags('Admin')
@ApiCookieAuth('adminSession')
@ApiUnauthorizedResponse({ description: 'No valid admin session.', type: ApiErrorEnvelope })
@Controller('admin')
@UseGuards(SameOriginGuard, AdminSessionGuard)
export class AdminSweepsController {
  constructor(
    private readonly balances: Balances,
    private readonly ownSweeps: OwnSweeps,
    private readonly registry: NetworkRegistry,
    private readonly config: AppConfig,
    @InjectRepository(Sweep) private readonly sweeps: Repository<Sweep>,
    @InjectRepository(SweepItem) private readonly items: Repository<SweepItem>,
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
  async listSweeps(@Query() query: ListQueryDto): Promise<SweepListResponse> {
    const page = await paginate(this.sweeps, {}, query, 'sweep');
    const items = page.data.length > 0 ? await this.items.find({ where: { sweepId: In(page.data.map((sweep) => sweep.id)) }, order: { depositAddress: 'ASC', currency: 'ASC' } }) : [];
    return { ...page, data: page.data.map((sweep) => presentSweep(sweep, items.filter((item) => item.sweepId === sweep.id))) };
  }

  /** Asks the network's sweeper to sweep everything waiting at its next round, worth the gas or not. */
  @Post('sweeps')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: SweepRequestResponse })
  @ApiBadRequestResponse({ description: 'The network is not enabled here.', type: ApiErrorEnvelope })
  @ApiConflictResponse({ description: 'Automatic sweeps are off (SWEEP_GAS_KEY is unset).', type: ApiErrorEnvelope })
  async requestSweep(@Body() body: RequestSweepDto): Promise<SweepRequestResponse> {
    if (!this.registry.isEnabled(body.network)) throw ApiErrors.parameterInvalid('network', `Network ${body.network} is not enabled on this service.`);
    if (!this.config.sweeping.gasAccount) {
      throw ApiErrors.stateConflict('Automatic sweeps are off: set SWEEP_GAS_KEY, or sweep from your own machine with `npm run cli -- sweep`.');
    }
    const requestedAt = await this.ownSweeps.request(NETWORKS[body.network]);
    return { object: 'sweep_request', network: body.network, requestedAt };
  }
}
