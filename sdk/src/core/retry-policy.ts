/** Waits longer than this are not worth holding a call for: the error is thrown instead. */
export const MAX_RETRY_AFTER_SECONDS = 60;
const INITIAL_DELAY_MS = 500;
const MAX_DELAY_MS = 8_000;

/**
 * Whether a failed attempt may be sent again. Only answers that mean "nothing
 * was done, try later" qualify; with the call's one Idempotency-Key, a retry of
 * a write that did run is replayed by the server instead of run twice.
 */
export function isRetryableStatus(status: number, code: string | undefined): boolean {
  return status === 429 || status >= 500 || (status === 409 && code === 'idempotency_request_in_progress');
}

/**
 * `Retry-After` in seconds, or undefined when absent or unreadable. Seconds may carry a fraction
 * (`1.5`, which some proxies send); only a value with a month or weekday name is read as an
 * HTTP date — `Date.parse` alone would take `1.5` for a date in 2001.
 */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  const text = value?.trim() ?? '';
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text);
  if (!/[a-z]{3}/i.test(text)) return undefined;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}

/**
 * Milliseconds to wait before retry number `retry` (0 for the first retry).
 * The server's Retry-After is a floor, never shortened; without one, exponential
 * backoff with jitter (up to a quarter less) so that many clients that failed
 * together do not come back together.
 */
export function retryDelayMs(retry: number, retryAfterSeconds: number | undefined, random: () => number = Math.random): number {
  if (retryAfterSeconds !== undefined) return retryAfterSeconds * 1000 + Math.floor(random() * 100);
  const exponential = Math.min(INITIAL_DELAY_MS * 2 ** retry, MAX_DELAY_MS);
  return Math.round(exponential * (1 - random() * 0.25));
}
