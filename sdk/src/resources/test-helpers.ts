import type { RequestFn } from '../core/request.js';
import type { CheckoutSession, RequestOptions } from '../types.js';
import { Resource, segment } from './resource.js';

/** Simulates what a customer does to a test-mode session. */
export class TestHelperCheckoutSessions extends Resource {
  /** Marks an open test-mode session paid (`complete`). Test keys only (`sessions:write`). */
  pay(id: string, options?: RequestOptions): Promise<CheckoutSession> {
    return this.request({ method: 'POST', path: `/api/v1/test_helpers/checkout_sessions/${segment(id)}/pay`, options });
  }
}

/** `/api/v1/test_helpers`: routes for integration tests, refused to live keys. */
export class TestHelpers {
  readonly checkoutSessions: TestHelperCheckoutSessions;

  constructor(request: RequestFn) {
    this.checkoutSessions = new TestHelperCheckoutSessions(request);
  }
}
