import { Injectable } from '@nestjs/common';
import { InjectTransactionHost } from '@nestjs-cls/transactional';
import type { Mode } from '../common/auth/scopes';
import { In } from 'typeorm';
import { ApiErrors } from '../common/errors/api-errors';
import { ModeScopedRepository } from '../common/data/mode-scoped.repository';
import { ListPage } from '../common/pagination/paginate';
import type { TxHost } from '../common/data/tx-host';
import { ListEventsQueryDto } from './dto/list-events-query.dto';
import { Event } from './event.entity';

@Injectable()
export class EventsService {
  private readonly events: ModeScopedRepository<Event>;

  constructor(@InjectTransactionHost() txHost: TxHost) {
    this.events = new ModeScopedRepository(txHost, Event, 'evt');
  }

  list(mode: Mode, query: ListEventsQueryDto): Promise<ListPage<Event>> {
    if (query.type !== undefined && query.types !== undefined) throw ApiErrors.parameterInvalid('types', 'Pass type or types, not both.');
    const types = query.types ?? (query.type !== undefined ? [query.type] : undefined);
    // Within a mode, `type IN (…)` ordered by id is served by events_livemode_type_id_idx.
    return this.events.list(mode, query, types ? { type: types.length === 1 ? types[0] : In(types) } : {});
  }

  get(mode: Mode, id: string): Promise<Event> {
    return this.events.get(mode, id);
  }
}
