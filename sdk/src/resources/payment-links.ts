import type { APIPromise } from '../core/api-promise.js';
import { PagePromise } from '../core/pagination.js';
import type { PaymentLink, PaymentLinkCreateParams, PaymentLinkListParams, PaymentLinkUpdateParams, RequestOptions } from '../types.js';
import { Resource, segment } from './resource.js';

/** `/api/v1/payment_links` (scopes `links:read`, `links:write`). */
export class PaymentLinks extends Resource {
  /** Creates a link for a fixed price: `amount` is a decimal string, e.g. `"25.00"`. */
  create(params: PaymentLinkCreateParams, options?: RequestOptions): APIPromise<PaymentLink> {
    return this.request({ method: 'POST', path: '/api/v1/payment_links', body: params, options });
  }

  /** Retrieves a link (`plink_…`). */
  retrieve(id: string, options?: RequestOptions): APIPromise<PaymentLink> {
    return this.request({ method: 'GET', path: `/api/v1/payment_links/${segment(id)}`, options });
  }

  /** Updates an active link; an archived one cannot change (409 `state_conflict`). */
  update(id: string, params: PaymentLinkUpdateParams, options?: RequestOptions): APIPromise<PaymentLink> {
    return this.request({ method: 'PATCH', path: `/api/v1/payment_links/${segment(id)}`, body: params, options });
  }

  /** Links, newest first: await for one page, or `for await` over all of them. */
  list(params: PaymentLinkListParams = {}, options?: RequestOptions): PagePromise<PaymentLink, PaymentLinkListParams> {
    return new PagePromise(params, (query) => this.request({ method: 'GET', path: '/api/v1/payment_links', query, options }));
  }

  /** Archives a link for good (`active: false`); it no longer starts sessions. */
  archive(id: string, options?: RequestOptions): APIPromise<PaymentLink> {
    return this.request({ method: 'POST', path: `/api/v1/payment_links/${segment(id)}/archive`, options });
  }
}
