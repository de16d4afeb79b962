import { Injectable } from '@nestjs/common';
import { InjectTransactionHost, Transactional } from '@nestjs-cls/transactional';
import type { Mode } from '../common/auth/scopes';
import { ModeScopedRepository } from '../common/data/mode-scoped.repository';
import type { TxHost } from '../common/data/tx-host';
import { ApiErrors } from '../common/errors/api-errors';
import { CommitStep } from '../common/idempotency/commit-step';
import { ListQueryDto } from '../common/pagination/list-query.dto';
import { ListPage } from '../common/pagination/paginate';
import type { Event } from '../events/event.entity';
import { EventWriter } from '../events/event-writer';
import { DeliveryLeases } from './delivery-leases';
import { WebhookDelivery } from './webhook-delivery.entity';
import { Attempt, WebhookDispatcher } from './webhook-dispatcher';
import type { WebhookEndpoint } from './webhook-endpoint.entity';
import { presentWebhookEndpoint } from './webhook-endpoint.presenter';
import { WebhookEndpointsService } from './webhook-endpoints.service';
import { pendingDelivery } from './webhook-outbox';

/**
 * The merchant's view of deliveries (DESIGN.md §9): the test send, the attempt
 * history, a manual resend. The two sends call out first, holding no
 * transaction, and return the writes that record them as a `CommitStep`.
 */
@Injectable()
export class WebhookDeliveriesService {
  private readonly deliveries: ModeScopedRepository<WebhookDelivery>;

  constructor(
    @InjectTransactionHost() txHost: TxHost,
    private readonly endpoints: WebhookEndpointsService,
    private readonly events: EventWriter,
    private readonly dispatcher: WebhookDispatcher,
    private readonly leases: DeliveryLeases,
  ) {
    this.deliveries = new ModeScopedRepository(txHost, WebhookDelivery, 'whd');
  }

  /** Sends a signed `webhook_endpoint.test` event to this endpoint alone, now; the step records the event, the delivery and the attempt. */
  async sendTest(mode: Mode, endpointId: string): Promise<CommitStep<WebhookDelivery>> {
    const endpoint = await this.endpoints.get(mode, endpointId);
    const event = this.events.draft(mode, 'webhook_endpoint.test', presentWebhookEndpoint(endpoint));
    const attempt = await this.dispatcher.send(endpoint, event);
    return new CommitStep(() => this.recordTest(endpoint, event, attempt));
  }

  async list(mode: Mode, endpointId: string, query: ListQueryDto): Promise<ListPage<WebhookDelivery>> {
    await this.endpoints.get(mode, endpointId);
    return this.deliveries.list(mode, query, { endpointId });
  }

  /**
   * Sends the delivery's event again now, whatever its state, once it holds
   * the delivery's lease: while the worker (or another resend) is attempting
   * it, the answer is 409 and nothing is sent. The step appends the attempt.
   */
  async resend(mode: Mode, endpointId: string, deliveryId: string): Promise<CommitStep<WebhookDelivery>> {
    await this.endpoints.get(mode, endpointId);
    const delivery = await this.deliveries.get(mode, deliveryId, { param: 'deliveryId' });
    if (delivery.endpointId !== endpointId) throw ApiErrors.resourceMissing('webhook delivery', deliveryId, 'deliveryId');
    const token = await this.leases.claim(delivery.id);
    if (!token) {
      throw ApiErrors.stateConflict(
        'This delivery is being attempted right now; nothing was sent. Its attempts will show the outcome: retry the resend after it, if you still need one.',
      );
    }
    let attempt: Attempt;
    try {
      attempt = await this.dispatcher.sendDelivery(delivery);
    } catch (error) {
      await this.leases.release(delivery.id, token);
      throw error;
    }
    return new CommitStep(async () => {
      await this.leases.record(delivery.id, token, attempt, 'manual');
      return this.leases.get(delivery.id);
    });
  }

  @Transactional()
  private async recordTest(endpoint: WebhookEndpoint, event: Event, attempt: Attempt): Promise<WebhookDelivery> {
    await this.events.save(event, { notify: false });
    const delivery = await this.deliveries.save({ ...pendingDelivery(event, endpoint.id), nextAttemptAt: null } as WebhookDelivery);
    await this.leases.record(delivery.id, null, attempt, 'scheduled');
    return this.leases.get(delivery.id);
  }
}
