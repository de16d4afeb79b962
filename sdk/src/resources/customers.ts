import type { APIPromise } from '../core/api-promise.js';
import { PagePromise } from '../core/pagination.js';
import type { Customer, CustomerCreateParams, CustomerListParams, CustomerUpdateParams, RequestOptions } from '../types.js';
import { Resource, segment } from './resource.js';

/** `/api/v1/customers` (scopes `customers:read`, `customers:write`). */
export class Customers extends Resource {
  /** Creates a customer; every field is optional. */
  create(params: CustomerCreateParams = {}, options?: RequestOptions): APIPromise<Customer> {
    return this.request({ method: 'POST', path: '/api/v1/customers', body: params, options });
  }

  /** Retrieves a customer of the key's mode by id (`cus_…`). */
  retrieve(id: string, options?: RequestOptions): APIPromise<Customer> {
    return this.request({ method: 'GET', path: `/api/v1/customers/${segment(id)}`, options });
  }

  /** Updates the fields given; `metadata` keys are merged, and a key set to `""` is removed. */
  update(id: string, params: CustomerUpdateParams, options?: RequestOptions): APIPromise<Customer> {
    return this.request({ method: 'PATCH', path: `/api/v1/customers/${segment(id)}`, body: params, options });
  }

  /** Customers, newest first: await for one page, or `for await` over all of them. */
  list(params: CustomerListParams = {}, options?: RequestOptions): PagePromise<Customer, CustomerListParams> {
    return new PagePromise(params, (query) => this.request({ method: 'GET', path: '/api/v1/customers', query, options }));
  }
}
