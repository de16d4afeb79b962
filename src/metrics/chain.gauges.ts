import { Injectable, Logger } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { ChainStatuses } from '../chain-watcher/chain-statuses';
import { ChainWatchers } from '../chain-watcher/chain-watchers';
import { Metrics } from './metrics';
import { oncePerScrape } from './scrape-once';

/** Per enabled network, what `GET /healthz/chains` reports, plus whether this instance leads its watcher. */
@Injectable()
export class ChainGauges {
  constructor(metrics: Metrics, statuses: ChainStatuses, watchers: ChainWatchers) {
    const logger = new Logger(ChainGauges.name);
    const read = oncePerScrape(async () => {
      let current;
      try {
        current = await statuses.read();
      } catch (error) {
        // A scrape must not fail with the database: the networks drop out until it answers.
        logger.warn({ err: error }, 'could not read the chain status for metrics');
        for (const each of [head, processed, lag, stale, leader]) each.reset();
        return;
      }
      for (const status of current) {
        const labels = { network: status.network };
        // A network its watcher has not yet reported on has no head: NaN, not a misleading 0.
        head.set(labels, status.head ?? NaN);
        processed.set(labels, status.processedBlock ?? NaN);
        lag.set(labels, status.lag ?? NaN);
        stale.set(labels, status.stale ? 1 : 0);
        leader.set(labels, watchers.leads(status.network) ? 1 : 0);
      }
    });
    const gauge = (name: string, help: string) => new Gauge({ name, help, labelNames: ['network'] as const, registers: [metrics.registry], collect: read });
    const head = gauge('checkout_chain_head_block', 'The latest block the watcher saw.');
    const processed = gauge('checkout_chain_processed_block', 'The last block whose payments are recorded.');
    const lag = gauge('checkout_chain_lag_blocks', 'Head minus processed block.');
    const stale = gauge('checkout_chain_stale', '1 when the head has not advanced for 3 block times (or no watcher reports).');
    const leader = gauge('checkout_chain_watcher_leader', '1 when this instance leads the network watcher, else 0.');
  }
}
