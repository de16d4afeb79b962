import { LRUCache } from 'lru-cache';
import { RateLimitStorage, WindowHit } from './rate-limit.storage';

interface Window {
  count: number;
  endsAt: number;
}

/** Keys tracked at once; past that the least recently used window is dropped (and starts again). */
const MAX_KEYS = 100_000;

/** Counters of one process (no `REDIS_URL`): a count and an end time per key, expired windows evicted. */
export class MemoryRateLimitStorage extends RateLimitStorage {
  private readonly windows = new LRUCache<string, Window>({ max: MAX_KEYS, ttlAutopurge: false });

  async hit(key: string, windowMs: number): Promise<WindowHit> {
    return this.hitInProcess(key, windowMs);
  }

  override hitInProcess(key: string, windowMs: number): WindowHit {
    const now = Date.now();
    let window = this.windows.get(key);
    if (!window || window.endsAt <= now) {
      window = { count: 0, endsAt: now + windowMs };
      this.windows.set(key, window, { ttl: windowMs });
    }
    window.count += 1;
    return { count: window.count, resetMs: window.endsAt - now };
  }
}
