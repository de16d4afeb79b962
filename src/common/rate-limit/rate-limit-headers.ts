import type { Response } from 'express';

/** Limits are per second: every counter counts in fixed one-second windows. */
export const RATE_LIMIT_WINDOW_MS = 1000;

export interface RateLimitState {
  limit: number;
  remaining: number;
  /** Seconds until the window ends and the count starts again. */
  resetSeconds: number;
}

export function rateLimitState(limit: number, count: number, resetMs: number): RateLimitState {
  return { limit, remaining: Math.max(0, limit - count), resetSeconds: Math.max(1, Math.ceil(resetMs / 1000)) };
}

/** The IETF draft's `RateLimit-*` fields (draft-ietf-httpapi-ratelimit-headers), `Reset` as delta seconds. */
export function setRateLimitHeaders(response: Response, state: RateLimitState): void {
  response.setHeader('RateLimit-Limit', String(state.limit));
  response.setHeader('RateLimit-Remaining', String(state.remaining));
  response.setHeader('RateLimit-Reset', String(state.resetSeconds));
}
