import { isRetryableStatus, parseRetryAfter, retryDelayMs } from './retry-policy.js';

describe('retry policy', () => {
  it.each([
    [429, undefined, true],
    [500, 'internal_error', true],
    [503, 'service_unavailable', true],
    [409, 'idempotency_request_in_progress', true],
    [409, 'state_conflict', false],
    [422, 'idempotency_key_reused', false],
    [400, 'parameter_invalid', false],
    [401, 'invalid_api_key', false],
    [404, 'resource_missing', false],
  ])('retries %s %s: %s', (status, code, expected) => {
    expect(isRetryableStatus(status, code)).toBe(expected);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('2', now)).toBe(2);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:05 GMT', now)).toBe(5);
    expect(parseRetryAfter('Wed, 31 Dec 2025 23:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });

  it('reads fractional seconds as seconds, never as a date', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('1.5', now)).toBe(1.5);
    expect(parseRetryAfter(' 0.25 ', now)).toBe(0.25);
    for (const odd of ['-1', '1e3', '1.', '.5', '2001', '1 2']) {
      expect([odd, parseRetryAfter(odd, now)]).toEqual([odd, /^\d+$/.test(odd) ? Number(odd) : undefined]);
    }
  });

  it('never waits less than Retry-After', () => {
    expect(retryDelayMs(0, 2, () => 0)).toBe(2000);
    expect(retryDelayMs(5, 2, () => 0.999)).toBeLessThan(2100);
  });

  it('doubles the backoff up to 8 seconds, jittered down by at most a quarter', () => {
    expect([0, 1, 2, 3, 4, 5].map((retry) => retryDelayMs(retry, undefined, () => 0))).toEqual([500, 1000, 2000, 4000, 8000, 8000]);
    expect(retryDelayMs(0, undefined, () => 1)).toBe(375);
  });
});
