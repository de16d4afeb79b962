import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ChainStatusList } from './chain-status.dto';
import { ChainStatuses } from './chain-statuses';

/** The watchers' health, per enabled network: for operators and load balancers, no key. */
@ApiTags('Health')
@Controller('healthz/chains')
export class ChainStatusController {
  constructor(private readonly statuses: ChainStatuses) {}

  /** Head, processed block, lag, leader and stale flag of each enabled network. */
  @Get()
  @ApiOkResponse({ type: ChainStatusList })
  async getChainStatus(): Promise<ChainStatusList> {
    return { object: 'list', data: await this.statuses.read() };
  }
}
