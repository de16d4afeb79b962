import type { CheckoutPageUrls } from '../common/security/checkout-page-urls';
import type { Event } from './event.entity';
import type { EventResponse } from './dto/event-response.dto';

/** The event as the API (and a webhook) shows it: a checkout session's `url` is signed again, as its storage left it out. */
export function presentEvent(event: Event, pageUrls: CheckoutPageUrls): EventResponse {
  return { id: event.id, object: 'event', livemode: event.livemode, type: event.type, data: pageUrls.forOutput(event.data), createdAt: event.createdAt };
}
