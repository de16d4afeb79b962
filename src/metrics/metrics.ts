import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import { AppConfig } from '../config/app-config';

/** What became of one scheduled webhook attempt: delivered, to be tried again, or given up. */
export type WebhookAttemptOutcome = 'succeeded' | 'retrying' | 'failed';

/** Why a request was answered 429. */
export type RateLimitReason = 'api_key' | 'auth_failures' | 'admin_sign_in';

/**
 * This instance's Prometheus registry and the instruments the request path and the workers
 * feed. One registry per application (not prom-client's global one), so two apps in one process
 * (tests) never share or clash. Every label value comes from a fixed set or a route template,
 * never from an id, a key or a raw URL.
 */
@Injectable()
export class Metrics {
  readonly registry = new Registry();

  readonly httpRequestDuration = new Histogram({
    name: 'checkout_http_request_duration_seconds',
    help: 'Time from the request arriving to its response being sent, by method, route template and status; _count is the request rate.',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  readonly authFailures = new Counter({
    name: 'checkout_auth_failures_total',
    help: 'Requests refused for their credentials (401), by error code.',
    labelNames: ['code'] as const,
    registers: [this.registry],
  });

  readonly rateLimitRejections = new Counter({
    name: 'checkout_rate_limit_rejections_total',
    help: 'Requests answered 429, by reason: api_key (the per-key limit), auth_failures (an address that failed API-key authentication too often) or admin_sign_in.',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });

  readonly idempotencyReplays = new Counter({
    name: 'checkout_idempotency_replays_total',
    help: 'Requests answered with the stored response of an earlier request with the same Idempotency-Key.',
    registers: [this.registry],
  });

  readonly idempotencyConflicts = new Counter({
    name: 'checkout_idempotency_conflicts_total',
    help: 'Idempotency-Key conflicts, by error code: idempotency_request_in_progress (409) or idempotency_key_reused (422).',
    labelNames: ['code'] as const,
    registers: [this.registry],
  });

  readonly webhookAttempts = new Counter({
    name: 'checkout_webhook_attempts_total',
    help: 'Scheduled webhook delivery attempts made by this instance, by outcome: succeeded, retrying (failed, tried again later) or failed (given up).',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  readonly webhookDeliveryLatency = new Histogram({
    name: 'checkout_webhook_delivery_latency_seconds',
    help: 'Time from an event being created to its webhook being delivered (retries included).',
    buckets: [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 1800, 7200, 36000, 86400],
    registers: [this.registry],
  });

  constructor(config: AppConfig) {
    // The defaults include event-loop lag, heap and GC; they sample only when metrics are served.
    if (config.metrics) collectDefaultMetrics({ register: this.registry, prefix: 'checkout_' });
  }

  webhookAttempted(outcome: WebhookAttemptOutcome, eventCreatedAt: Date | undefined): void {
    this.webhookAttempts.inc({ outcome });
    if (outcome === 'succeeded' && eventCreatedAt) this.webhookDeliveryLatency.observe((Date.now() - eventCreatedAt.getTime()) / 1000);
  }
}
