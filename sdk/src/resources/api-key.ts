import type { APIPromise } from '../core/api-promise.js';
import type { ApiKey, RequestOptions } from '../types.js';
import { Resource } from './resource.js';

/** `/api/v1/api_key`: the calling key itself (any valid key may ask). */
export class ApiKeys extends Resource {
  /** The key's id, name, mode, scopes and expiry — never its secret. */
  retrieve(options?: RequestOptions): APIPromise<ApiKey> {
    return this.request({ method: 'GET', path: '/api/v1/api_key', options });
  }
}
