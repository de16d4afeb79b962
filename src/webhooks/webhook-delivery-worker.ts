import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { IntervalJob } from '../common/scheduling/interval-job';
import { AppConfig } from '../config/app-config';
import { Event } from '../events/event.entity';
import { Metrics, type WebhookAttemptOutcome } from '../metrics/metrics';
import { DeliveryLeases } from './delivery-leases';
import { Attempt, WebhookDispatcher } from './webhook-dispatcher';
import type { WebhookDelivery } from './webhook-delivery.entity';
import { WebhookEndpoint } from './webhook-endpoint.entity';

const BATCH_SIZE = 50;

/**
 * Runs in every instance: every 250 ms it drains due deliveries, claiming them with
 * `FOR UPDATE SKIP LOCKED` and a lease, so instances never take the same row
 * at once, and a claim whose worker died expires and is taken again. Work
 * lives in PostgreSQL, so a restart loses nothing. Each statement is short:
 * no connection is held while a receiver is being waited on.
 */
@Injectable()
export class WebhookDeliveryWorker extends IntervalJob {
  protected readonly intervalMs = 250;
  private readonly logger = new Logger(WebhookDeliveryWorker.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly leases: DeliveryLeases,
    private readonly dispatcher: WebhookDispatcher,
    private readonly config: AppConfig,
    private readonly metrics: Metrics,
  ) {
    super();
  }

  /** Claims and attempts batches until none is full (the backlog is drained); returns how many it attempted. */
  async run(): Promise<number> {
    let attempted = 0;
    for (;;) {
      const { token, deliveries, sendBy } = await this.leases.claimDue(BATCH_SIZE);
      const [endpoints, events] = await Promise.all([
        this.dataSource.getRepository(WebhookEndpoint).find({ where: { id: In(deliveries.map((d) => d.endpointId)) }, withDeleted: true }),
        this.dataSource.getRepository(Event).findBy({ id: In(deliveries.map((d) => d.eventId)) }),
      ]);
      const endpointById = new Map(endpoints.map((endpoint) => [endpoint.id, endpoint]));
      const eventById = new Map(events.map((event) => [event.id, event]));
      await Promise.all(
        deliveries.map((delivery) => this.attempt(delivery, token, sendBy, endpointById.get(delivery.endpointId), eventById.get(delivery.eventId))),
      );
      attempted += deliveries.length;
      if (deliveries.length < BATCH_SIZE) return attempted;
    }
  }

  /**
   * One claimed delivery. Whatever goes wrong with it is logged and left to
   * its lease: unrecorded, the attempt is made again when the lease runs out
   * (by any instance), and the rest of the batch goes on.
   */
  private async attempt(delivery: WebhookDelivery, token: string, sendBy: number, endpoint?: WebhookEndpoint, event?: Event): Promise<void> {
    const context = { deliveryId: delivery.id, eventId: delivery.eventId, attempt: delivery.attempts + 1 };
    // Too late to finish within the lease: another claim may already be sending it. Left to that.
    if (Date.now() > sendBy) return;
    let attempt: Attempt;
    try {
      attempt = await this.dispatcher.send(endpoint, event);
    } catch (error) {
      // E.g. a secret this instance cannot decrypt (another WEBHOOK_SECRET_KEY): another instance may succeed.
      this.logger.error({ err: error, ...context }, 'A webhook could not be signed or sent: it is tried again when the lease ends');
      return;
    }
    try {
      await this.leases.record(delivery.id, token, attempt, 'scheduled');
    } catch (error) {
      this.logger.error({ err: error, ...context }, 'A webhook attempt could not be recorded: its event will be sent again when the lease ends');
      return;
    }
    this.metrics.webhookAttempted(this.outcomeOf(attempt, delivery.attempts), event?.createdAt);
  }

  /** As `DeliveryLeases.record` decides it: a failure past the last retry delay (or final) is given up. */
  private outcomeOf(attempt: Attempt, earlierAttempts: number): WebhookAttemptOutcome {
    if (attempt.responseStatus !== null && attempt.responseStatus >= 200 && attempt.responseStatus < 300) return 'succeeded';
    return attempt.final || this.config.webhookDelivery.retryDelaysMs.length <= earlierAttempts ? 'failed' : 'retrying';
  }
}
