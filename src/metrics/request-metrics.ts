import type { NextFunction, Request, Response } from 'express';
import type { Histogram } from 'prom-client';
import { authenticatedKeyOf } from '../common/auth/authenticated-key';
import { answeredErrorOf } from '../common/errors/answered-error';
import type { Metrics, RateLimitReason } from './metrics';

/** The route label of a request no route took (404s, and requests refused before routing). */
export const UNMATCHED_ROUTE = 'unmatched';

/** A route that matches any path (`{/*splat}`, `*path`): Nest's not-found handler or a catch-all middleware, not a route. */
const CATCH_ALL = /^\/?\{?\/?\*\w*\}?$/;

const STARTED_AT = Symbol('metricsStartedAt');

type Observed = Response & { [STARTED_AT]?: number };
type Timer = ReturnType<Histogram<'method' | 'route' | 'status'>['labels']>;

/**
 * Express middleware (installed first) that times every request and counts the refusals an
 * operator watches. The route label is the matched route's template (`/api/v1/customers/:id`),
 * never the URL. Per request it stores one number and does map look-ups: templates and the
 * labelled histogram children are worked out once per (method, route, status) and reused.
 */
export function observeRequests(metrics: Metrics): (request: Request, response: Response, next: NextFunction) => void {
  const templates = new Map<string, string>();
  const timers = new Map<string, Map<string, Map<number, Timer>>>();

  const templateOf = (request: Request): string => {
    const path = (request.route as { path?: unknown } | undefined)?.path;
    if (typeof path !== 'string') return UNMATCHED_ROUTE;
    let template = templates.get(path);
    if (template === undefined) templates.set(path, (template = CATCH_ALL.test(path) ? UNMATCHED_ROUTE : path));
    return template;
  };

  const timerFor = (method: string, route: string, status: number): Timer => {
    let byRoute = timers.get(method);
    if (!byRoute) timers.set(method, (byRoute = new Map()));
    let byStatus = byRoute.get(route);
    if (!byStatus) byRoute.set(route, (byStatus = new Map()));
    let timer = byStatus.get(status);
    if (!timer) byStatus.set(status, (timer = metrics.httpRequestDuration.labels(method, route, String(status))));
    return timer;
  };

  /**
   * The per-key limit refuses authenticated requests; the failed-authentication limit refuses
   * before routing; the one envelope 429 left comes from a route: the admin sign-in limit.
   */
  const rateLimitReason = (request: Request, route: string): RateLimitReason => {
    if (authenticatedKeyOf(request)) return 'api_key';
    return route === UNMATCHED_ROUTE ? 'auth_failures' : 'admin_sign_in';
  };

  function onFinish(this: Observed): void {
    const request = this.req;
    const route = templateOf(request);
    timerFor(request.method, route, this.statusCode).observe((performance.now() - this[STARTED_AT]!) / 1000);
    if (this.getHeader('idempotent-replayed') === 'true') metrics.idempotencyReplays.inc();
    const error = answeredErrorOf(this);
    if (!error) return;
    if (error.type === 'authentication') metrics.authFailures.inc({ code: error.code });
    else if (error.type === 'rate_limited') metrics.rateLimitRejections.inc({ reason: rateLimitReason(request, route) });
    else if (error.type === 'idempotency') metrics.idempotencyConflicts.inc({ code: error.code });
  }

  return (request, response, next) => {
    (response as Observed)[STARTED_AT] = performance.now();
    response.on('finish', onFinish);
    next();
  };
}
