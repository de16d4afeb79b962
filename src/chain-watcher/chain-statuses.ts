import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { NetworkRegistry } from '../chains/network-registry';
import { leaderInstanceOf, leaderOf } from '../database/leader-lock';
import { ChainProgress } from './chain-progress.entity';
import type { ChainStatus } from './chain-status.dto';
import { watcherLockName } from './chain-watchers';

/** The watchers' state per enabled network, as `GET /healthz/chains` and the metrics report it. */
@Injectable()
export class ChainStatuses {
  constructor(
    private readonly registry: NetworkRegistry,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async read(): Promise<ChainStatus[]> {
    const networks = this.registry.all();
    const progress = await this.dataSource.getRepository(ChainProgress).findBy({ network: In(networks.map((network) => network.name)) });
    return Promise.all(
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
  }
}
