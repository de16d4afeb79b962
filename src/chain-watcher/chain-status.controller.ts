import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { NetworkRegistry } from '../chains/network-registry';
import { leaderInstanceOf, leaderOf } from '../database/leader-lock';
import { ChainProgress } from './chain-progress.entity';
import { ChainStatus, ChainStatusList } from './chain-status.dto';
import { watcherLockName } from './chain-watchers';

/** The watchers' health, per enabled network: for operators and load balancers, no key. */
@ApiTags('Health')
@Controller('healthz/chains')
export class ChainStatusController {
  constructor(
    private readonly registry: NetworkRegistry,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /** Head, processed block, lag, leader and stale flag of each enabled network. */
  @Get()
  @ApiOkResponse({ type: ChainStatusList })
  async getChainStatus(): Promise<ChainStatusList> {
    const networks = this.registry.all();
    const progress = await this.dataSource.getRepository(ChainProgress).findBy({ network: In(networks.map((network) => network.name)) });
    const data = await Promise.all(
      networks.map(async (network): Promise<ChainStatus> => {
        const row = progress.find((entry) => entry.network === network.name);
        const holder = await leaderOf(this.dataSource, watcherLockName(network));
        const silentFor = row ? Date.now() - row.headAdvancedAt.getTime() : Infinity;
        return {
          network: network.name,
          chainId: network.chainId,
          head: row ? Number(row.headNumber) : null,
          processedBlock: row ? Number(row.blockNumber) : null,
          lag: row ? Number(row.headNumber - row.blockNumber) : null,
          leader: holder ? leaderInstanceOf(holder.applicationName, watcherLockName(network)) : null,
          stale: silentFor > 3 * network.blockTimeMs,
          updatedAt: row?.updatedAt ?? null,
        };
      }),
    );
    return { object: 'list', data };
  }
}

