import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { LRUCache } from 'lru-cache';
import { AppConfig } from '../../config/app-config';
import { AuthFailureLimiter } from './auth-failure-limiter';
import { clientAddress } from './client-address';
import { RATE_LIMIT_WINDOW_MS } from './rate-limit-headers';

/** Lookups a second per address of keys that cannot be told from made-up ones, once the address is over its limit. */
export const BLIND_LOOKUPS_PER_SECOND = 5;

/** Permission to look one key up; `succeeded()` once it proved valid. */
export interface KeyLookup {
  succeeded(): void;
}

interface AddressWindow {
  endsAt: number;
  /** Lookups admitted on the address's allowance and not (yet) proved valid: in flight, or failed. */
  unproven: number;
  blind: number;
}

const FREE: KeyLookup = { succeeded: () => undefined };

/**
 * Decides, per client address and without I/O, whether a key the caches do
 * not know may be looked up in PostgreSQL, so that a flood of well-formed
 * made-up keys costs the database a bounded number of queries while every
 * valid key from the same address still gets through (DESIGN.md §6):
 *
 * - within the address's allowance — not over `RATE_LIMIT_UNAUTHENTICATED`
 *   failures, and fewer unproven lookups than that this second — any key;
 *   lookups in flight count until they succeed, so a concurrent burst cannot
 *   slip past before its failures are counted, and a valid key's lookup is
 *   never counted against the address;
 * - beyond it, a key the index of issued keys knows; one it does not know,
 *   never; and while the index cannot tell (the key-change channel is down),
 *   `BLIND_LOOKUPS_PER_SECOND`.
 *
 * Counted in this process: the bound holds per instance.
 */
@Injectable()
export class KeyLookupAdmission {
  private readonly windows = new LRUCache<string, AddressWindow>({ max: 10_000, ttl: RATE_LIMIT_WINDOW_MS });

  constructor(
    private readonly failures: AuthFailureLimiter,
    private readonly config: AppConfig,
  ) {}

  /** `isIssued`: the index's answer for the key, asked only once the address is beyond its allowance. */
  admit(request: Request, isIssued: () => boolean | undefined): KeyLookup | undefined {
    const { disabled, unauthenticated } = this.config.rateLimits;
    if (disabled) return FREE;
    const window = this.windowOf(clientAddress(request));
    if (window.unproven < unauthenticated && !this.failures.isOverLimit(request)) {
      window.unproven++;
      return { succeeded: () => void window.unproven-- };
    }
    const issued = isIssued();
    if (issued) return FREE;
    if (issued === undefined && window.blind < BLIND_LOOKUPS_PER_SECOND) {
      window.blind++;
      return FREE;
    }
    return undefined;
  }

  private windowOf(address: string): AddressWindow {
    const now = Date.now();
    let window = this.windows.get(address);
    if (!window || window.endsAt <= now) {
      window = { endsAt: now + RATE_LIMIT_WINDOW_MS, unproven: 0, blind: 0 };
      this.windows.set(address, window);
    }
    return window;
  }
}
