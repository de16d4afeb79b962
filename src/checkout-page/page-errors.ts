import { ApiError } from '../common/errors/api-error';

/**
 * The one answer for a checkout page that cannot be opened: an unknown id, a wrong or missing
 * secret, a live session's test-mode route. All look the same, so none tells which it was.
 */
export function pageNotFound(): ApiError {
  return new ApiError(404, 'invalid_request', 'resource_missing', 'No such page.');
}

export function linkArchived(): ApiError {
  return new ApiError(410, 'invalid_request', 'payment_link_archived', 'This payment link is no longer available.');
}
