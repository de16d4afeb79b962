import { Injectable } from '@nestjs/common';
import { InjectTransactionHost } from '@nestjs-cls/transactional';
import type { Mode } from '../common/auth/scopes';
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
    return this.events.list(mode, query, query.type ? { type: query.type } : {});
  }

  get(mode: Mode, id: string): Promise<Event> {
    return this.events.get(mode, id);
  }
}
