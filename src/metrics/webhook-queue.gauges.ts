import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Gauge } from 'prom-client';
import { DataSource } from 'typeorm';
import { Metrics } from './metrics';
import { oncePerScrape } from './scrape-once';

/**
 * The webhook queue as PostgreSQL holds it (shared by every instance), read at scrape time in
 * one statement over the pending rows, which the partial due index keeps few to visit.
 */
@Injectable()
export class WebhookQueueGauges {
  private readonly logger = new Logger(WebhookQueueGauges.name);

  constructor(metrics: Metrics, @InjectDataSource() dataSource: DataSource) {
    const read = oncePerScrape(async () => {
      try {
        const [row] = (await dataSource.query(
          `SELECT count(*)::int AS pending, COALESCE(EXTRACT(EPOCH FROM now() - min(created_at)), 0)::float8 AS oldest
             FROM webhook_deliveries WHERE status = 'pending'`,
        )) as { pending: number; oldest: number }[];
        pending.set(row.pending);
        oldest.set(row.oldest);
      } catch (error) {
        // A scrape must not fail with the database: the queue reads as unknown meanwhile.
        this.logger.warn({ err: error }, 'could not read the webhook queue for metrics');
        pending.set(NaN);
        oldest.set(NaN);
      }
    });
    const pending = new Gauge({
      name: 'checkout_webhook_deliveries_pending',
      help: 'Webhook deliveries neither delivered nor given up yet (all instances).',
      registers: [metrics.registry],
      collect: read,
    });
    const oldest = new Gauge({
      name: 'checkout_webhook_oldest_pending_age_seconds',
      help: 'Age of the oldest pending webhook delivery; 0 when none is pending.',
      registers: [metrics.registry],
      collect: read,
    });
  }
}
