import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { IntervalJob } from '../common/scheduling/interval-job';
import { AppConfig } from '../config/app-config';
import { Event } from '../events/event.entity';
import { WebhookDelivery } from './webhook-delivery.entity';
import { WebhookDispatcher } from './webhook-dispatcher';
import { WebhookEndpoint } from './webhook-endpoint.entity';

const BATCH_SIZE = 50;

/**
 * Runs in every instance: every 250 ms it drains due deliveries, claiming them with
 * `FOR UPDATE SKIP LOCKED` and a lease, so instances never take the same row
 * at once, and a claim whose worker died expires and is taken again. Work
 * lives in PostgreSQL, so a restart loses nothing.
 */
@Injectable()
export class WebhookDeliveryWorker extends IntervalJob {
  protected readonly intervalMs = 250;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly dispatcher: WebhookDispatcher,
    private readonly config: AppConfig,
  ) {
    super();
  }

  /** Claims and attempts batches until none is full (the backlog is drained); returns how many it attempted. */
  async run(): Promise<number> {
    let attempted = 0;
    for (;;) {
      const claimed = await this.claim();
      const [endpoints, events] = await Promise.all([
        this.dataSource.getRepository(WebhookEndpoint).find({ where: { id: In(claimed.map((d) => d.endpointId)) }, withDeleted: true }),
        this.dataSource.getRepository(Event).findBy({ id: In(claimed.map((d) => d.eventId)) }),
      ]);
      const endpointById = new Map(endpoints.map((endpoint) => [endpoint.id, endpoint]));
      const eventById = new Map(events.map((event) => [event.id, event]));
      await Promise.all(
        claimed.map((delivery) =>
          this.dispatcher.attempt(delivery, { endpoint: endpointById.get(delivery.endpointId), event: eventById.get(delivery.eventId) }),
        ),
      );
      attempted += claimed.length;
      if (claimed.length < BATCH_SIZE) return attempted;
    }
  }

  private async claim(): Promise<WebhookDelivery[]> {
    // Twice the attempt timeout: long enough for one attempt, short enough to resume soon after a crash.
    const leaseMs = Math.max(1_000, 2 * this.config.webhookDelivery.timeoutMs);
    const [rows] = (await this.dataSource.query(
      `UPDATE webhook_deliveries SET lease_until = now() + make_interval(secs => $2::double precision / 1000)
        WHERE id IN (SELECT id FROM webhook_deliveries
                      WHERE status = 'pending' AND next_attempt_at <= now() AND (lease_until IS NULL OR lease_until < now())
                      ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED)
        RETURNING id`,
      [BATCH_SIZE, leaseMs],
    )) as [{ id: string }[], number];
    if (rows.length === 0) return [];
    return this.dataSource.getRepository(WebhookDelivery).findBy(rows.map(({ id }) => ({ id })));
  }
}
