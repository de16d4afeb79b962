import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { ApiError } from '../common/errors/api-error';
import { clientAddress } from '../common/rate-limit/client-address';
import { MemoryRateLimitStorage } from '../common/rate-limit/memory-rate-limit.storage';
import { RateLimitStorage } from '../common/rate-limit/rate-limit.storage';
import { AppConfig } from '../config/app-config';

const WINDOW_MS = 60_000;

/**
 * Limits how many checkout sessions `GET /pay/:id` opens per client address (`TRUST_PROXY`
 * aware, an IPv6 address by its /64) and minute: each takes a deposit address the watchers
 * follow, so a bot must not mint them without bound. Counted in the shared store (Redis with
 * `REDIS_URL`); while it cannot count, in this process — this limit protects the service, so
 * unlike the per-key limit it does not fail open.
 */
@Injectable()
export class PaymentLinkLimiter {
  private readonly fallback = new MemoryRateLimitStorage();

  constructor(
    private readonly storage: RateLimitStorage,
    private readonly config: AppConfig,
  ) {}

  async admit(request: Request): Promise<void> {
    if (this.config.rateLimits.disabled) return;
    const key = `pay-link:${clientAddress(request)}`;
    let { count, resetMs } = await this.storage.hit(key, WINDOW_MS);
    if (count === 0) ({ count, resetMs } = await this.fallback.hit(key, WINDOW_MS));
    if (count <= this.config.rateLimits.paymentLinkSessionsPerMinute) return;
    const retryAfter = String(Math.max(1, Math.ceil(resetMs / 1000)));
    throw new ApiError(429, 'rate_limited', 'rate_limit_exceeded', 'Too many checkouts were started from this address.', {}, { 'Retry-After': retryAfter });
  }
}
