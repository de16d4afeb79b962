import type { ApiError } from '../common/errors/api-error';
import { ApiErrors } from '../common/errors/api-errors';
import { authenticationError, insufficientScopeError } from '../common/auth/api-key.errors';
import type { Scope } from '../common/auth/scopes';
import { keyReused, requestInProgress } from '../common/idempotency/idempotency.errors';
import { rateLimitExceeded, tooManyAuthenticationFailures } from '../common/rate-limit/rate-limit.errors';

/** What the catalogue needs to know about one operation. */
export interface OperationFacts {
  mutating: boolean;
  scope: string | undefined;
  /** The statuses the controller itself declares, with their descriptions (which may name extra codes). */
  declared: Record<string, string>;
}

/**
 * One sample of each error an `/api/v1` operation can answer with a given
 * status, built by the same factories the code throws, so the document's
 * codes, types, messages and headers (`Retry-After`) are the ones sent.
 */
export function publicApiErrorSamples(status: string, operation: OperationFacts): ApiError[] {
  const declaredCodes = (operation.declared[status] ?? '').match(/`[a-z_]+`/g)?.map((code) => code.slice(1, -1)) ?? [];
  switch (status) {
    case '400':
      return [
        ApiErrors.parameterInvalid('email', 'email must be an email.'),
        ApiErrors.parameterMissing('currency'),
        ApiErrors.parameterUnknown('colour'),
        ApiErrors.bodyMalformed(),
      ];
    case '401':
      return [authenticationError('missing_api_key'), authenticationError('invalid_api_key'), authenticationError('api_key_revoked'), authenticationError('api_key_expired')];
    case '403':
      return [
        ...(operation.scope && operation.scope !== 'none' ? [insufficientScopeError(operation.scope as Scope)] : []),
        ...(declaredCodes.includes('test_mode_only') ? [ApiErrors.testModeOnly()] : []),
      ];
    case '404':
      return [ApiErrors.resourceMissing('object', 'obj_01jdqvtsjxf2nbrexx3vqjhp41')];
    case '409':
      return [
        ...('409' in operation.declared ? [ApiErrors.stateConflict(firstSentence(operation.declared['409']))] : []),
        ...(operation.mutating ? [requestInProgress()] : []),
      ];
    case '422':
      return operation.mutating ? [keyReused()] : [];
    case '429':
      return [rateLimitExceeded(1, 25), tooManyAuthenticationFailures(30)];
    case '500':
      return [ApiErrors.internal()];
    case '503':
      return [ApiErrors.serviceUnavailable()];
    default:
      return [];
  }
}

function firstSentence(text: string): string {
  return text.split(/(?<=\.)\s/)[0];
}
