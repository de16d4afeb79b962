import { PagePromise } from '../core/pagination.js';
import type {
  CreatedWebhookEndpoint,
  DeletedWebhookEndpoint,
  RequestOptions,
  WebhookEndpoint,
  WebhookEndpointCreateParams,
  WebhookEndpointListParams,
} from '../types.js';
import { Resource, segment } from './resource.js';

/**
 * `/api/v1/webhook_endpoints` (scopes `webhooks:read`, `webhooks:write`).
 * Sub-resources of an endpoint (its deliveries) belong here as properties, as
 * `client.webhookEndpoints.deliveries.list(endpointId)`, built on the same request function.
 */
export class WebhookEndpoints extends Resource {
  /** Creates an endpoint. The response's `secret` (`whsec_…`) is shown this once: store it. */
  create(params: WebhookEndpointCreateParams, options?: RequestOptions): Promise<CreatedWebhookEndpoint> {
    return this.request({ method: 'POST', path: '/api/v1/webhook_endpoints', body: params, options });
  }

  /** Retrieves an endpoint (`we_…`), without its secret. */
  retrieve(id: string, options?: RequestOptions): Promise<WebhookEndpoint> {
    return this.request({ method: 'GET', path: `/api/v1/webhook_endpoints/${segment(id)}`, options });
  }

  /** Endpoints, newest first: await for one page, or `for await` over all of them. */
  list(params: WebhookEndpointListParams = {}, options?: RequestOptions): PagePromise<WebhookEndpoint, WebhookEndpointListParams> {
    return new PagePromise(params, (query) => this.request({ method: 'GET', path: '/api/v1/webhook_endpoints', query, options }));
  }

  /** Deletes an endpoint: no events are sent to it any more. (`delete` is a reserved word, hence `del`.) */
  del(id: string, options?: RequestOptions): Promise<DeletedWebhookEndpoint> {
    return this.request({ method: 'DELETE', path: `/api/v1/webhook_endpoints/${segment(id)}`, options });
  }
}
