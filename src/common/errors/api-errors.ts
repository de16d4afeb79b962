import { ApiError } from './api-error';

/** Factories for the errors of DESIGN.md §5, so codes and wording live in one place. */
export const ApiErrors = {
  parameterInvalid: (param: string, message: string) =>
    new ApiError(400, 'invalid_request', 'parameter_invalid', message, { param }),

  parameterMissing: (param: string) =>
    new ApiError(400, 'invalid_request', 'parameter_missing', `Missing required parameter: ${param}.`, { param }),

  parameterUnknown: (param: string) =>
    new ApiError(400, 'invalid_request', 'parameter_unknown', `Received unknown parameter: ${param}.`, { param }),

  bodyMalformed: (message = 'The request body is not valid JSON.') =>
    new ApiError(400, 'invalid_request', 'body_malformed', message),

  bodyTooLarge: (limitBytes: number) =>
    new ApiError(413, 'invalid_request', 'body_too_large', `The request body exceeds the limit of ${limitBytes} bytes.`),

  contentTypeUnsupported: () =>
    new ApiError(415, 'invalid_request', 'content_type_unsupported', 'Request bodies must be sent as application/json.'),

  /** With `existsIn`, the id names an object of the other mode: say so (as Stripe does), never more. */
  resourceMissing: (resource: string, id: string, param = 'id', existsIn?: 'test' | 'live') =>
    new ApiError(
      404,
      'invalid_request',
      'resource_missing',
      existsIn
        ? `No such ${resource}: '${id}'; a similar object exists in ${existsIn} mode, but a ${existsIn === 'live' ? 'test' : 'live'} mode key was used to make this request.`
        : `No such ${resource}: '${id}'.`,
      { param },
    ),

  routeNotFound: (method: string, path: string) =>
    new ApiError(404, 'invalid_request', 'route_not_found', `Unrecognized request URL (${method}: ${path}).`),

  testModeOnly: () =>
    new ApiError(403, 'permission', 'test_mode_only', 'Test helpers work only with test mode keys; live sessions are paid on chain.'),

  stateConflict: (message: string) => new ApiError(409, 'invalid_request', 'state_conflict', message),

  internal: () =>
    new ApiError(500, 'api_error', 'internal_error', 'An unexpected error occurred. It has been logged with this request id.'),

  serviceUnavailable: () =>
    new ApiError(503, 'api_error', 'service_unavailable', 'The service is temporarily unavailable. Retry shortly.'),
};
