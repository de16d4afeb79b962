import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ClsService } from 'nestjs-cls';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource } from 'typeorm';
import { NetworkRegistry } from '../chains/network-registry';
import { describeRpcError } from '../chains/rpc-url';
import type { Network } from '../chains/networks';
import { AppConfig } from '../config/app-config';
import { lockLoggerOf, runWhileLeader, type LeaderElection } from '../database/leader-election';
import { LeaderLock } from '../database/leader-lock';
import { ChainLedger } from './chain-ledger';
import { NetworkWatcher } from './network-watcher';

/** The lock a network's watcher leads under: one name per network, the same in every instance. */
export const watcherLockName = (network: Network) => `chain-watcher:${network.name}`;

/** Polling faster than blocks come is waste; slower adds latency. Half a block, within bounds. */
export function pollIntervalMs(network: Network): number {
  return Math.min(6_000, Math.max(250, network.blockTimeMs / 2));
}

const MAX_BACKOFF_MS = 30_000;

/**
 * Runs one watcher per enabled network across all instances (DESIGN.md §13): every instance
 * competes for each network's leader lock; the holder polls, the others wait to take over when
 * it dies (its lock connection closes) or loses its connection.
 */
@Injectable()
export class ChainWatchers implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(ChainWatchers.name);
  private readonly elections = new Map<string, LeaderElection>();

  constructor(
    private readonly registry: NetworkRegistry,
    private readonly ledger: ChainLedger,
    private readonly config: AppConfig,
    private readonly cls: ClsService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  onApplicationBootstrap(): void {
    const { url } = this.dataSource.options as { url?: string };
    const lockLogger = lockLoggerOf(this.logger);
    for (const network of this.registry.all()) {
      const rule = this.config.payments.networks.settlement.get(network.name) ?? network.settlement;
      const watcher = new NetworkWatcher(network, this.registry.client(network.name), rule, this.ledger);
      const lock = new LeaderLock({ database: url!, name: watcherLockName(network), logger: lockLogger });
      this.elections.set(network.name, runWhileLeader(lock, { logger: lockLogger, onElected: (signal) => this.watch(watcher, signal) }));
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all([...this.elections.values()].map((election) => election.stop()));
  }

  /** Whether this instance leads the network's watcher now. */
  leads(network: string): boolean {
    return this.elections.get(network)?.leading ?? false;
  }

  /** The leader's loop: tick, then wait a poll interval (none while catching up); back off on errors. */
  private async watch(watcher: NetworkWatcher, signal: AbortSignal): Promise<void> {
    const { network } = watcher;
    this.logger.log(`watching ${network.name} (this instance leads it)`);
    let failures = 0;
    const stale = new StaleHeadAlarm(network, this.logger);
    while (!signal.aborted) {
      let delay = pollIntervalMs(network);
      try {
        const result = await this.cls.run(() => watcher.tick());
        stale.observe(result.head);
        if (failures > 0) this.logger.log(`${network.name}: watching again after ${failures} failed polls`);
        failures = 0;
        if (result.catchingUp) delay = 0;
      } catch (error) {
        failures += 1;
        delay = Math.min(MAX_BACKOFF_MS, pollIntervalMs(network) * 2 ** Math.min(failures, 8));
        if (failures === 1 || failures % 10 === 0) this.logger.warn({ network: network.name, failures, err: describeRpcError(error) }, 'chain poll failed; retrying');
      }
      await sleep(delay, undefined, { signal }).catch(() => undefined);
    }
  }
}

/** Warns once when the head has not advanced for 3 block times, and once when it moves again. */
class StaleHeadAlarm {
  private lastHead = -1n;
  private advancedAt = Date.now();
  private raised = false;

  constructor(
    private readonly network: Network,
    private readonly logger: Logger,
  ) {}

  observe(head: bigint): void {
    if (head > this.lastHead) {
      this.lastHead = head;
      this.advancedAt = Date.now();
      if (this.raised) this.logger.log(`${this.network.name}: the head advances again (block ${head})`);
      this.raised = false;
    } else if (!this.raised && Date.now() - this.advancedAt > 3 * this.network.blockTimeMs) {
      this.raised = true;
      this.logger.warn({ network: this.network.name, head: head.toString() }, `${this.network.name}: the head has not advanced for ${Date.now() - this.advancedAt} ms`);
    }
  }
}
