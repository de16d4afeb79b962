import { Injectable } from '@nestjs/common';
import { InjectTransactionHost } from '@nestjs-cls/transactional';
import type { Mode } from '../common/auth/scopes';
import { newId } from '../common/ids/type-id';
import type { TxHost } from '../common/data/tx-host';
import { CheckoutPageUrls } from '../common/security/checkout-page-urls';
import type { EventType } from './event-types';
import { Event } from './event.entity';
import { previousAttributes } from './previous-attributes';

/** Runs inside the transaction that records the event (the webhook outbox is one). */
export type EventListener = (event: Event) => Promise<void>;

/**
 * Records events inside the caller's transaction, so an event exists if and
 * only if the change it reports was committed (DESIGN.md §8). Listeners run
 * in that same transaction; they let other modules react without this module
 * knowing them.
 */
@Injectable()
export class EventWriter {
  private readonly listeners: EventListener[] = [];

  constructor(
    @InjectTransactionHost() private readonly txHost: TxHost,
    private readonly pageUrls: CheckoutPageUrls,
  ) {}

  onRecorded(listener: EventListener): void {
    this.listeners.push(listener);
  }

  /**
   * `notify: false` records an event no listener hears (the webhook test event goes to one endpoint only).
   * `previous`, the object as the API showed it before the change (for `*.updated` events), adds
   * `data.previousAttributes`: the changed fields' old values.
   */
  record(mode: Mode, type: EventType, object: object, options: { notify?: boolean; previous?: object } = {}): Promise<Event> {
    return this.save(this.draft(mode, type, object, options.previous), options);
  }

  /**
   * The event as it will be stored, id and time included, without writing it:
   * the webhook test route sends it first and saves it with the attempt.
   */
  draft(mode: Mode, type: EventType, object: object, previous?: object): Event {
    // A JSON copy, so the stored object is exactly what the API returns (dates as ISO strings), except
    // that a checkout session's page URL is stored without its secret (the event's reader signs it again).
    const data = {
      object: this.pageUrls.forStorage(object) as Record<string, unknown>,
      ...(previous ? { previousAttributes: this.pageUrls.forStorage(previousAttributes(previous, object)) } : {}),
    };
    return this.txHost.tx.getRepository(Event).create({ id: newId('evt'), livemode: mode === 'live', type, data, createdAt: new Date() });
  }

  async save(event: Event, options: { notify?: boolean } = {}): Promise<Event> {
    if (!this.txHost.isTransactionActive()) {
      throw new Error(`The ${event.type} event must be written in the transaction of the change it reports`);
    }
    const saved = await this.txHost.tx.getRepository(Event).save(event);
    if (options.notify !== false) for (const listener of this.listeners) await listener(saved);
    return saved;
  }
}
