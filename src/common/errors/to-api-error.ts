import { HttpException, NotFoundException } from '@nestjs/common';
import { redactSecrets } from '../security/redact-secrets';
import { ApiError, ErrorType } from './api-error';
import { ApiErrors } from './api-errors';
import { isDatabaseUnavailable } from './database-unavailable';

export interface RequestFacts {
  method: string;
  path: string;
}

/** How an `HttpException` thrown by Nest or a library maps onto our types and codes. */
const HTTP_STATUS_ERRORS: Record<number, [ErrorType, string]> = {
  400: ['invalid_request', 'parameter_invalid'],
  401: ['authentication', 'missing_api_key'],
  403: ['permission', 'forbidden'],
  404: ['invalid_request', 'resource_missing'],
  405: ['invalid_request', 'method_not_allowed'],
  409: ['invalid_request', 'state_conflict'],
  413: ['invalid_request', 'body_too_large'],
  415: ['invalid_request', 'content_type_unsupported'],
  429: ['rate_limited', 'rate_limit_exceeded'],
  503: ['api_error', 'service_unavailable'],
};

function fromHttpException(exception: HttpException): ApiError {
  const status = exception.getStatus();
  if (status >= 500) return status === 503 ? ApiErrors.serviceUnavailable() : ApiErrors.internal();
  const [type, code] = HTTP_STATUS_ERRORS[status] ?? ['invalid_request', 'request_invalid'];
  return new ApiError(status, type, code, exception.message);
}

/**
 * Everything that can reach the exception filter, mapped to the envelope's
 * fields. Anything unrecognised is a 500 whose details stay in the log.
 */
export function toApiError(exception: unknown, request: RequestFacts): ApiError {
  if (exception instanceof ApiError) return exception;
  // Missing objects are ApiErrors; a bare NotFoundException comes from Nest's unmatched-route handler.
  if (exception instanceof NotFoundException) {
    return ApiErrors.routeNotFound(request.method, redactSecrets(request.path));
  }
  if (exception instanceof HttpException) return fromHttpException(exception);
  if (isDatabaseUnavailable(exception)) return ApiErrors.serviceUnavailable();
  return ApiErrors.internal();
}
