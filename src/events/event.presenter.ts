import type { Event } from './event.entity';
import type { EventResponse } from './dto/event-response.dto';

export function presentEvent(event: Event): EventResponse {
  return { id: event.id, object: 'event', livemode: event.livemode, type: event.type, data: event.data, createdAt: event.createdAt };
}
