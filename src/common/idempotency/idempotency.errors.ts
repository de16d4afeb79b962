import { ApiError } from '../errors/api-error';

export function requestInProgress(): ApiError {
  return new ApiError(
    409,
    'idempotency',
    'idempotency_request_in_progress',
    'A request with this Idempotency-Key is still being processed. Retry shortly.',
    {},
    { 'Retry-After': '1' },
  );
}

export function keyReused(): ApiError {
  return new ApiError(
    422,
    'idempotency',
    'idempotency_key_reused',
    'This Idempotency-Key was already used for a different request (another method, path or body). Use a new key.',
  );
}
