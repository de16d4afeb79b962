import { Global, Module } from '@nestjs/common';
import { ChainWatcherModule } from '../chain-watcher/chain-watcher.module';
import { ChainGauges } from './chain.gauges';
import { DatabasePoolGauges } from './database-pool.gauges';
import { Metrics } from './metrics';
import { MetricsServer } from './metrics-server';
import { WebhookQueueGauges } from './webhook-queue.gauges';

/** Prometheus metrics (README "Metrics"): the instruments, the gauges read at scrape time, and their server. */
@Global()
@Module({
  imports: [ChainWatcherModule],
  providers: [Metrics, MetricsServer, WebhookQueueGauges, ChainGauges, DatabasePoolGauges],
  exports: [Metrics],
})
export class MetricsModule {}
