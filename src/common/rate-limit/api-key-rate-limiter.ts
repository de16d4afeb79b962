import { Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { AppConfig } from '../../config/app-config';
import type { AuthenticatedKey } from '../auth/authenticated-key';
import { RATE_LIMIT_WINDOW_MS, rateLimitState, setRateLimitHeaders } from './rate-limit-headers';
import { rateLimitExceeded } from './rate-limit.errors';
import { RateLimitStorage, ThrottlerStorageRecord } from './rate-limit.storage';

/**
 * The per-key limit of DESIGN.md §6: one counter per API key across all
 * routes, `RATE_LIMIT_LIVE` or `RATE_LIMIT_TEST` requests a second. It counts
 * where the key is authenticated, before routing — not in a route guard,
 * which never runs for a request that matches no route — so every
 * authenticated `/api/v1` request counts and carries the `RateLimit-*`
 * headers, whether it ends in a 403, a 404 `route_not_found` or success.
 */
@Injectable()
export class ApiKeyRateLimiter {
  constructor(
    private readonly storage: RateLimitStorage,
    private readonly config: AppConfig,
  ) {}

  /**
   * Counts one request; throws the 429 past the limit. Synchronous (undefined)
   * when the store counts in this process, so the usual request waits for no
   * promise; a promise when the count is shared (Redis).
   */
  count(key: AuthenticatedKey, response: Response): Promise<void> | undefined {
    const { live, test, disabled } = this.config.rateLimits;
    if (disabled) return undefined;
    const limit = key.livemode ? live : test;
    const counterKey = `key:${key.id}`;
    const counted = this.storage.incrementInProcess(counterKey, RATE_LIMIT_WINDOW_MS, limit);
    if (counted) return this.apply(counted, limit, response);
    return this.storage.increment(counterKey, RATE_LIMIT_WINDOW_MS, limit).then((record) => this.apply(record, limit, response));
  }

  private apply({ totalHits, timeToExpire, isBlocked }: ThrottlerStorageRecord, limit: number, response: Response): undefined {
    setRateLimitHeaders(response, rateLimitState(limit, totalHits, timeToExpire * 1000));
    if (isBlocked) throw rateLimitExceeded(timeToExpire, limit);
    return undefined;
  }
}
