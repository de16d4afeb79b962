import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { LRUCache } from 'lru-cache';
import { AppConfig } from '../../config/app-config';
import { clientAddress } from './client-address';
import { MemoryRateLimitStorage } from './memory-rate-limit.storage';
import { RATE_LIMIT_WINDOW_MS, RateLimitState, rateLimitState } from './rate-limit-headers';
import { RateLimitStorage } from './rate-limit.storage';

export type FailureCount = RateLimitState & { exceeded: boolean };

/**
 * Counts the requests that fail authentication per client address (an IPv6
 * address by its /64), `RATE_LIMIT_UNAUTHENTICATED` per second. Only
 * failures are counted, so a valid key from the same address is not held
 * back by them. It also remembers, without I/O, which addresses this instance
 * has seen over the limit in the current window, for `KeyLookupAdmission`,
 * which keeps a flood of made-up keys from reaching the database. While the
 * shared store cannot count (Redis
 * down), failures are counted in this process instead: unlike the per-key
 * limit, this one protects the database, so it does not fail open.
 */
@Injectable()
export class AuthFailureLimiter {
  private readonly overLimitUntil = new LRUCache<string, number>({ max: 10_000 });
  private readonly fallback = new MemoryRateLimitStorage();

  constructor(
    private readonly storage: RateLimitStorage,
    private readonly config: AppConfig,
  ) {}

  isOverLimit(request: Request): boolean {
    if (this.overLimitUntil.size === 0) return false;
    const until = this.overLimitUntil.get(clientAddress(request));
    return until !== undefined && until > Date.now();
  }

  /** Counts one failed authentication; undefined when rate limits are disabled. */
  async recordFailure(request: Request): Promise<FailureCount | undefined> {
    if (this.config.rateLimits.disabled) return undefined;
    const address = clientAddress(request);
    const limit = this.config.rateLimits.unauthenticated;
    const key = `auth-fail:${address}`;
    let { count, resetMs } = await this.storage.hit(key, RATE_LIMIT_WINDOW_MS);
    if (count === 0) ({ count, resetMs } = await this.fallback.hit(key, RATE_LIMIT_WINDOW_MS));
    const exceeded = count > limit;
    if (exceeded) this.overLimitUntil.set(address, Date.now() + resetMs, { ttl: resetMs });
    return { ...rateLimitState(limit, count, resetMs), exceeded };
  }
}
