import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ClsService } from 'nestjs-cls';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource } from 'typeorm';
import { NetworkRegistry } from '../chains/network-registry';
import type { Network } from '../chains/networks';
import { describeRpcError } from '../chains/rpc-url';
import { AppConfig } from '../config/app-config';
import { lockLoggerOf, runWhileLeader, type LeaderElection } from '../database/leader-election';
import { LeaderLock } from '../database/leader-lock';
import { NetworkSweeper } from './network-sweeper';
import { OwnSweeps } from './own-sweeps';
import { WaitingFunds } from './waiting-funds';

/** The lock a network's sweeper leads under: one sender per gas key and network, so nonces never collide. */
export const sweeperLockName = (network: Network) => `sweeper:${network.name}`;

/** Between rounds: two blocks, within bounds (a sweep is not urgent; a stuck one is found within a round). */
export function roundIntervalMs(network: Network): number {
  return Math.min(30_000, Math.max(1_000, network.blockTimeMs * 2));
}

/**
 * Automatic sweeps (DESIGN.md §13), only with SWEEP_GAS_KEY set: per enabled network, the
 * instance leading its sweeper lock runs a NetworkSweeper round every interval. A failing round
 * (an RPC outage, a database hiccup) is logged and tried again; it never stops the service.
 */
@Injectable()
export class AutoSweepers implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(AutoSweepers.name);
  private readonly elections: LeaderElection[] = [];

  constructor(
    private readonly registry: NetworkRegistry,
    private readonly config: AppConfig,
    private readonly store: OwnSweeps,
    private readonly waiting: WaitingFunds,
    private readonly cls: ClsService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  onApplicationBootstrap(): void {
    const { gasAccount, ...settings } = this.config.sweeping;
    if (!gasAccount) {
      this.logger.log('automatic sweeps are off: SWEEP_GAS_KEY is not set (the operator CLI can still sweep)');
      return;
    }
    this.logger.log({ gasKey: gasAccount.address }, `automatic sweeps are on; gas is paid by ${gasAccount.address}`);
    const { url } = this.dataSource.options as { url?: string };
    for (const network of this.registry.all()) {
      const sweeper = new NetworkSweeper(
        network,
        this.registry.client(network.name),
        gasAccount,
        { ...settings, maxFeeWei: settings.maxFeeWei(network.name), stuckAfterMs: Math.max(3_000, 3 * network.blockTimeMs) },
        this.store,
        this.waiting,
      );
      const lock = new LeaderLock({ database: url!, name: sweeperLockName(network), logger: lockLoggerOf(this.logger) });
      this.elections.push(runWhileLeader(lock, { logger: lockLoggerOf(this.logger), onElected: (signal) => this.sweep(sweeper, signal) }));
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all(this.elections.map((election) => election.stop()));
  }

  private async sweep(sweeper: NetworkSweeper, signal: AbortSignal): Promise<void> {
    const { network } = sweeper;
    this.logger.log(`sweeping ${network.name} (this instance leads it)`);
    while (!signal.aborted) {
      try {
        await this.cls.run(() => sweeper.round(() => this.store.takeRequest(network)));
      } catch (error) {
        this.logger.warn({ network: network.name, err: describeRpcError(error) }, 'sweep round failed; trying again next round');
      }
      await sleep(roundIntervalMs(network), undefined, { signal }).catch(() => undefined);
    }
  }
}
