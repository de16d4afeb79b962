import { Injectable } from '@nestjs/common';
import { InjectTransactionHost } from '@nestjs-cls/transactional';
import type { Mode } from '../common/auth/scopes';
import { newId } from '../common/ids/type-id';
import type { TxHost } from '../common/data/tx-host';
import type { EventType } from './event-types';
import { Event } from './event.entity';

/**
 * Records events inside the caller's transaction, so an event exists if and
 * only if the change it reports was committed (DESIGN.md §8).
 */
@Injectable()
export class EventWriter {
  constructor(@InjectTransactionHost() private readonly txHost: TxHost) {}

  async record(mode: Mode, type: EventType, object: object): Promise<Event> {
    if (!this.txHost.isTransactionActive()) {
      throw new Error(`The ${type} event must be written in the transaction of the change it reports`);
    }
    const events = this.txHost.tx.getRepository(Event);
    // Round-trip through JSON so the stored object is exactly what the API returns (dates as ISO strings).
    const data = { object: JSON.parse(JSON.stringify(object)) as Record<string, unknown> };
    return events.save(events.create({ id: newId('evt'), livemode: mode === 'live', type, data }));
  }
}
