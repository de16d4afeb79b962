import type { APIPromise } from '../core/api-promise.js';
import type { RequestFn } from '../core/request.js';
import type { CheckoutSession, CheckoutSessionPayParams, RequestOptions } from '../types.js';
import { Resource, segment } from './resource.js';

/** Simulates what a customer does to a test-mode session. */
export class TestHelperCheckoutSessions extends Resource {
  /**
   * Pays a test-mode session with a real transfer on a dev chain (by default what is due, in its
   * currency, on its first network; `params` send any amount, currency or network), answering once
   * the chain watcher has recorded it. A session without a test network is marked paid instead.
   * Test keys only (`sessions:write`).
   */
  pay(id: string, params: CheckoutSessionPayParams = {}, options?: RequestOptions): APIPromise<CheckoutSession> {
    return this.request({ method: 'POST', path: `/api/v1/test_helpers/checkout_sessions/${segment(id)}/pay`, body: params, options });
  }
}

/** `/api/v1/test_helpers`: routes for integration tests, refused to live keys. */
export class TestHelpers {
  readonly checkoutSessions: TestHelperCheckoutSessions;

  constructor(request: RequestFn) {
    this.checkoutSessions = new TestHelperCheckoutSessions(request);
  }
}
