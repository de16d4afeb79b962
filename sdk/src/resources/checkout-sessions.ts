import type { APIPromise } from '../core/api-promise.js';
import { PagePromise } from '../core/pagination.js';
import type { CheckoutSession, CheckoutSessionCreateParams, CheckoutSessionListParams, RequestOptions } from '../types.js';
import { Resource, segment } from './resource.js';

/** `/api/v1/checkout_sessions` (scopes `sessions:read`, `sessions:write`). */
export class CheckoutSessions extends Resource {
  /** Opens a session for `amount` + `currency`, or for a payment link's price (`paymentLink`). */
  create(params: CheckoutSessionCreateParams, options?: RequestOptions): APIPromise<CheckoutSession> {
    return this.request({ method: 'POST', path: '/api/v1/checkout_sessions', body: params, options });
  }

  /** Retrieves a session (`cs_…`). */
  retrieve(id: string, options?: RequestOptions): APIPromise<CheckoutSession> {
    return this.request({ method: 'GET', path: `/api/v1/checkout_sessions/${segment(id)}`, options });
  }

  /** Sessions, newest first: await for one page, or `for await` over all of them. */
  list(params: CheckoutSessionListParams = {}, options?: RequestOptions): PagePromise<CheckoutSession, CheckoutSessionListParams> {
    return new PagePromise(params, (query) => this.request({ method: 'GET', path: '/api/v1/checkout_sessions', query, options }));
  }

  /** Expires an open session now; a session that is not open gives 409 `state_conflict`. */
  expire(id: string, options?: RequestOptions): APIPromise<CheckoutSession> {
    return this.request({ method: 'POST', path: `/api/v1/checkout_sessions/${segment(id)}/expire`, options });
  }
}
