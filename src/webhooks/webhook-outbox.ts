import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectTransactionHost } from '@nestjs-cls/transactional';
import type { TxHost } from '../common/data/tx-host';
import { newId } from '../common/ids/type-id';
import type { Event } from '../events/event.entity';
import { EventWriter } from '../events/event-writer';
import { WebhookDelivery } from './webhook-delivery.entity';

/**
 * DESIGN.md §9: every event yields, in its own transaction, one pending
 * delivery per enabled endpoint of its mode that wants its type. Nothing is
 * sent from inside the request; the delivery worker picks the rows up.
 */
@Injectable()
export class WebhookOutbox implements OnModuleInit {
  constructor(
    @InjectTransactionHost() private readonly txHost: TxHost,
    private readonly events: EventWriter,
  ) {}

  onModuleInit(): void {
    this.events.onRecorded((event) => this.enqueue(event));
  }

  private async enqueue(event: Event): Promise<void> {
    const tx = this.txHost.tx;
    const endpoints = (await tx.query(
      `SELECT id FROM webhook_endpoints
        WHERE livemode = $1 AND status = 'enabled' AND deleted_at IS NULL
          AND (enabled_events @> ARRAY[$2]::text[] OR enabled_events @> ARRAY['*']::text[])`,
      [event.livemode, event.type],
    )) as { id: string }[];
    if (endpoints.length === 0) return;
    await tx.getRepository(WebhookDelivery).insert(endpoints.map(({ id }) => pendingDelivery(event, id)));
  }
}

export function pendingDelivery(event: Pick<Event, 'id' | 'livemode' | 'type'>, endpointId: string): Omit<WebhookDelivery, 'createdAt'> {
  return {
    id: newId('whd'),
    livemode: event.livemode,
    endpointId,
    eventId: event.id,
    eventType: event.type,
    status: 'pending',
    attempts: 0,
    nextAttemptAt: new Date(),
    leaseUntil: null,
    leaseToken: null,
    attemptLog: [],
  };
}
