import { ApiError } from '../errors/api-error';
import type { KeyRejection } from './api-key-verifier';
import type { Scope } from './scopes';

const MESSAGES: Record<KeyRejection | 'missing_api_key', string> = {
  missing_api_key: 'No API key was provided. Send it as `Authorization: Bearer ck_test_…`.',
  invalid_api_key: 'The API key provided is not valid.',
  api_key_revoked: 'The API key provided has been revoked.',
  api_key_expired: 'The API key provided has expired.',
};

/** The 401s of DESIGN.md §4; the message never repeats the key. */
export function authenticationError(code: KeyRejection | 'missing_api_key'): ApiError {
  return new ApiError(401, 'authentication', code, MESSAGES[code], {}, { 'WWW-Authenticate': 'Bearer realm="api"' });
}

export function insufficientScopeError(scope: Scope): ApiError {
  return new ApiError(403, 'permission', 'insufficient_scope', `This API key does not have the required scope: ${scope}.`, {
    requiredScope: scope,
  });
}
