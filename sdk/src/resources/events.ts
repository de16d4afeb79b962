import type { APIPromise } from '../core/api-promise.js';
import { PagePromise } from '../core/pagination.js';
import type { Event } from '../typed-events.js';
import type { EventListParams, RequestOptions } from '../types.js';
import { Resource, segment } from './resource.js';

/** `/api/v1/events` (scope `events:read`): what changed, kept 30 days. */
export class Events extends Resource {
  /** Retrieves an event (`evt_…`), exactly as a webhook delivers it; `switch (event.type)` narrows `data.object`. */
  retrieve(id: string, options?: RequestOptions): APIPromise<Event> {
    return this.request({ method: 'GET', path: `/api/v1/events/${segment(id)}`, options });
  }

  /**
   * Events, newest first, optionally of one `type` or of several `types`, and created within
   * `createdGte`/`createdLt`: await for one page, or `for await` over all of them.
   */
  list(params: EventListParams = {}, options?: RequestOptions): PagePromise<Event, EventListParams> {
    return new PagePromise(params, (query) => this.request({ method: 'GET', path: '/api/v1/events', query, options }));
  }
}
