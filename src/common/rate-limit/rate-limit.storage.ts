import type { ThrottlerStorage } from '@nestjs/throttler';

export type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/** One hit counted in a fixed window: the window's count so far (this hit included) and when it ends. */
export interface WindowHit {
  /** 0 when the store could not count (it fails open: the request is allowed). */
  count: number;
  resetMs: number;
}

/**
 * Fixed-window counters: each key counts hits in windows of `windowMs` that
 * start with the key's first hit. Counting costs the same whatever the number
 * of hits in the window (the throttler's own storage keeps one timestamp per
 * hit). Implementations fail open: an unavailable store allows the request.
 * It keeps @nestjs/throttler's storage contract (`increment`), through which
 * the per-key limit counts.
 */
export abstract class RateLimitStorage implements ThrottlerStorage {
  abstract hit(key: string, windowMs: number): Promise<WindowHit>;

  /** The same count without waiting, when the store is this process's memory; undefined when it takes I/O. */
  hitInProcess(_key: string, _windowMs: number): WindowHit | undefined {
    return undefined;
  }

  async increment(key: string, ttl: number, limit: number): Promise<ThrottlerStorageRecord> {
    return toRecord(await this.hit(key, ttl), limit);
  }

  /** `increment` without waiting, when the store is in-process; undefined when it takes I/O (then call `increment`). */
  incrementInProcess(key: string, ttl: number, limit: number): ThrottlerStorageRecord | undefined {
    const hit = this.hitInProcess(key, ttl);
    return hit && toRecord(hit, limit);
  }
}

function toRecord({ count, resetMs }: WindowHit, limit: number): ThrottlerStorageRecord {
  const timeToExpire = Math.max(1, Math.ceil(resetMs / 1000)); // seconds, as the throttler's own storage reports
  const isBlocked = count > limit;
  return { totalHits: count, timeToExpire, isBlocked, timeToBlockExpire: isBlocked ? timeToExpire : 0 };
}
