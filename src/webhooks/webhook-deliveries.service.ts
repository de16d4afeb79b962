import { Injectable } from '@nestjs/common';
import { InjectTransactionHost, Transactional } from '@nestjs-cls/transactional';
import type { Mode } from '../common/auth/scopes';
import { ModeScopedRepository } from '../common/data/mode-scoped.repository';
import type { TxHost } from '../common/data/tx-host';
import { ApiErrors } from '../common/errors/api-errors';
import { ListQueryDto } from '../common/pagination/list-query.dto';
import { ListPage } from '../common/pagination/paginate';
import { EventWriter } from '../events/event-writer';
import { WebhookDelivery } from './webhook-delivery.entity';
import { WebhookDispatcher } from './webhook-dispatcher';
import { presentWebhookEndpoint } from './webhook-endpoint.presenter';
import { WebhookEndpointsService } from './webhook-endpoints.service';
import { pendingDelivery } from './webhook-outbox';

/** The merchant's view of deliveries (DESIGN.md §9): the test send, the attempt history, a manual resend. */
@Injectable()
export class WebhookDeliveriesService {
  private readonly deliveries: ModeScopedRepository<WebhookDelivery>;

  constructor(
    @InjectTransactionHost() txHost: TxHost,
    private readonly endpoints: WebhookEndpointsService,
    private readonly events: EventWriter,
    private readonly dispatcher: WebhookDispatcher,
  ) {
    this.deliveries = new ModeScopedRepository(txHost, WebhookDelivery, 'whd');
  }

  /** Sends a signed `webhook_endpoint.test` event to this endpoint alone, now, and returns the attempt. */
  async sendTest(mode: Mode, endpointId: string): Promise<WebhookDelivery> {
    return this.dispatcher.attempt(await this.recordTest(mode, endpointId));
  }

  async list(mode: Mode, endpointId: string, query: ListQueryDto): Promise<ListPage<WebhookDelivery>> {
    await this.endpoints.get(mode, endpointId);
    return this.deliveries.list(mode, query, { endpointId });
  }

  /** Sends the delivery's event again now, whatever its state; the attempt joins its history. */
  async resend(mode: Mode, endpointId: string, deliveryId: string): Promise<WebhookDelivery> {
    await this.endpoints.get(mode, endpointId);
    const delivery = await this.deliveries.get(mode, deliveryId, { param: 'deliveryId' });
    if (delivery.endpointId !== endpointId) throw ApiErrors.resourceMissing('webhook delivery', deliveryId, 'deliveryId');
    return this.dispatcher.attempt(delivery);
  }

  @Transactional()
  private async recordTest(mode: Mode, endpointId: string): Promise<WebhookDelivery> {
    const endpoint = await this.endpoints.get(mode, endpointId);
    const event = await this.events.record(mode, 'webhook_endpoint.test', presentWebhookEndpoint(endpoint), { notify: false });
    // Attempted right away by the caller; the worker only picks it up again for a retry.
    return this.deliveries.save({ ...pendingDelivery(event, endpoint.id), nextAttemptAt: null } as WebhookDelivery);
  }
}
