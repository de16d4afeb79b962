import { ApiError } from '../errors/api-error';

const seconds = (n: number) => `${n} second${n === 1 ? '' : 's'}`;

/** The 429 of DESIGN.md §5, with `Retry-After` in seconds. */
export function rateLimitExceeded(retryAfterSeconds: number, limit: number): ApiError {
  return new ApiError(
    429,
    'rate_limited',
    'rate_limit_exceeded',
    `Too many requests: this API key may make ${limit} per second. Retry after ${seconds(retryAfterSeconds)}.`,
    {},
    { 'Retry-After': String(retryAfterSeconds) },
  );
}

/** The 429 that replaces a 401 once a client address has failed authentication too often. */
export function tooManyAuthenticationFailures(retryAfterSeconds: number): ApiError {
  return new ApiError(
    429,
    'rate_limited',
    'rate_limit_exceeded',
    `Too many requests from this address failed authentication. Retry after ${seconds(retryAfterSeconds)}.`,
    {},
    { 'Retry-After': String(retryAfterSeconds) },
  );
}
