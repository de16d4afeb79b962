import type { APIPromise } from '../core/api-promise.js';
import { PagePromise } from '../core/pagination.js';
import type {
  CreatedWebhookEndpoint,
  DeletedWebhookEndpoint,
  RequestOptions,
  RolledWebhookEndpoint,
  WebhookDelivery,
  WebhookDeliveryListParams,
  WebhookEndpoint,
  WebhookEndpointCreateParams,
  WebhookEndpointListParams,
  WebhookEndpointRollSecretParams,
  WebhookEndpointUpdateParams,
} from '../types.js';
import { Resource, segment } from './resource.js';

/** `/api/v1/webhook_endpoints/:id/deliveries`: what was sent to an endpoint, and sending it again. */
export class WebhookDeliveries extends Resource {
  /** An endpoint's deliveries, newest first: await for one page, or `for await` over all of them. */
  list(
    endpointId: string,
    params: WebhookDeliveryListParams = {},
    options?: RequestOptions,
  ): PagePromise<WebhookDelivery, WebhookDeliveryListParams> {
    return new PagePromise(params, (query) =>
      this.request({ method: 'GET', path: `/api/v1/webhook_endpoints/${segment(endpointId)}/deliveries`, query, options }),
    );
  }

  /** Sends the delivery's event to the endpoint again now; resolves with the delivery and the new attempt. */
  retry(endpointId: string, deliveryId: string, options?: RequestOptions): APIPromise<WebhookDelivery> {
    return this.request({
      method: 'POST',
      path: `/api/v1/webhook_endpoints/${segment(endpointId)}/deliveries/${segment(deliveryId)}/retry`,
      options,
    });
  }
}

/** `/api/v1/webhook_endpoints` (scopes `webhooks:read`, `webhooks:write`), with `deliveries` beneath. */
export class WebhookEndpoints extends Resource {
  readonly deliveries = new WebhookDeliveries(this.request);

  /** Sends a signed `webhook_endpoint.test` event to this endpoint now; resolves with the attempt. */
  test(id: string, options?: RequestOptions): APIPromise<WebhookDelivery> {
    return this.request({ method: 'POST', path: `/api/v1/webhook_endpoints/${segment(id)}/test`, options });
  }

  /** Creates an endpoint. The response's `secret` (`whsec_…`) is shown this once: store it. */
  create(params: WebhookEndpointCreateParams, options?: RequestOptions): APIPromise<CreatedWebhookEndpoint> {
    return this.request({ method: 'POST', path: '/api/v1/webhook_endpoints', body: params, options });
  }

  /** Retrieves an endpoint (`we_…`), without its secret. */
  retrieve(id: string, options?: RequestOptions): APIPromise<WebhookEndpoint> {
    return this.request({ method: 'GET', path: `/api/v1/webhook_endpoints/${segment(id)}`, options });
  }

  /**
   * Updates the fields given: `url` (checked as on create), `enabledEvents`, `description`, `status`
   * (`enabled` resumes deliveries after a 410 Gone disabled the endpoint).
   */
  update(id: string, params: WebhookEndpointUpdateParams, options?: RequestOptions): APIPromise<WebhookEndpoint> {
    return this.request({ method: 'PATCH', path: `/api/v1/webhook_endpoints/${segment(id)}`, body: params, options });
  }

  /**
   * Replaces the signing secret; the response's `secret` is shown this once. The old secret also signs
   * deliveries for `expiresInHours` (0–168), so receivers verifying with either keep working meanwhile.
   */
  rollSecret(id: string, params: WebhookEndpointRollSecretParams, options?: RequestOptions): APIPromise<RolledWebhookEndpoint> {
    return this.request({ method: 'POST', path: `/api/v1/webhook_endpoints/${segment(id)}/roll_secret`, body: params, options });
  }

  /** Endpoints, newest first: await for one page, or `for await` over all of them. */
  list(params: WebhookEndpointListParams = {}, options?: RequestOptions): PagePromise<WebhookEndpoint, WebhookEndpointListParams> {
    return new PagePromise(params, (query) => this.request({ method: 'GET', path: '/api/v1/webhook_endpoints', query, options }));
  }

  /** Deletes an endpoint: no events are sent to it any more. (`delete` is a reserved word, hence `del`.) */
  del(id: string, options?: RequestOptions): APIPromise<DeletedWebhookEndpoint> {
    return this.request({ method: 'DELETE', path: `/api/v1/webhook_endpoints/${segment(id)}`, options });
  }
}
