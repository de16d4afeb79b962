import type { CheckoutPageUrls } from '../common/security/checkout-page-urls';
import type { Event } from './event.entity';
import type { EventData, EventResponse } from './dto/event-response.dto';

/** The event as the API (and a webhook) shows it: a checkout session's `url` is signed again, as its storage left it out. */
export function presentEvent(event: Event, pageUrls: CheckoutPageUrls): EventResponse {
  // The stored `data.object` is the object's API representation as it was presented when the event was written.
  const data = pageUrls.forOutput(event.data) as unknown as EventData;
  return { id: event.id, object: 'event', livemode: event.livemode, type: event.type, data, createdAt: event.createdAt };
}
