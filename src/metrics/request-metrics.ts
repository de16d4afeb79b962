import type { NextFunction, Request, Response } from 'express';
import type { Histogram } from 'prom-client';
import { authenticatedKeyOf } from '../common/auth/authenticated-key';
import { answeredErrorOf } from '../common/errors/answered-error';
import type { Metrics } from './metrics';

/** The route label of a request no route matched (404s, and requests refused before routing). */
export const UNMATCHED_ROUTE = 'unmatched';

/** A route that matches any path (`{/*splat}`, `*path`): Nest's not-found handler or a catch-all middleware, not a route. */
const CATCH_ALL = /^\/?\{?\/?\*\w*\}?$/;

const STARTED_AT = Symbol('metricsStartedAt');

type Observed = Response & { [STARTED_AT]?: number };
type Timer = ReturnType<Histogram<'method' | 'route' | 'status'>['labels']>;

/**
 * Express middleware (installed first) that times every request and counts the refusals an
 * operator watches. The route label is the matched route's template (`/api/v1/customers/:id`),
 * never the URL. Per request it stores one number and does map look-ups: the labelled
 * histogram children are made once per (method, route, status) and reused.
 */
export function observeRequests(metrics: Metrics): (request: Request, response: Response, next: NextFunction) => void {
  const timers = new Map<string, Map<string, Map<number, Timer>>>();

  // Keyed by the raw route path: the template is worked out once per (method, route, status).
  const timerFor = (method: string, route: string, status: number): Timer => {
    let byRoute = timers.get(method);
    if (!byRoute) timers.set(method, (byRoute = new Map()));
    let byStatus = byRoute.get(route);
    if (!byStatus) byRoute.set(route, (byStatus = new Map()));
    let timer = byStatus.get(status);
    if (!timer) {
      timer = metrics.httpRequestDuration.labels(method, CATCH_ALL.test(route) ? UNMATCHED_ROUTE : route, String(status));
      byStatus.set(status, timer);
    }
    return timer;
  };

  function onFinish(this: Observed): void {
    const request = this.req;
    const route = (request.route as { path?: unknown } | undefined)?.path;
    timerFor(request.method, typeof route === 'string' ? route : UNMATCHED_ROUTE, this.statusCode).observe((performance.now() - this[STARTED_AT]!) / 1000);
    if (this.getHeader('idempotent-replayed') === 'true') metrics.idempotencyReplays.inc();
    const error = answeredErrorOf(this);
    if (!error) return;
    if (error.type === 'authentication') metrics.authFailures.inc({ code: error.code });
    else if (error.type === 'rate_limited') metrics.rateLimitRejections.inc({ reason: authenticatedKeyOf(request) ? 'api_key' : 'auth_failures' });
    else if (error.type === 'idempotency') metrics.idempotencyConflicts.inc({ code: error.code });
  }

  return (request, response, next) => {
    (response as Observed)[STARTED_AT] = performance.now();
    response.on('finish', onFinish);
    next();
  };
}
