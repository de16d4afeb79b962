/** The public API's path prefix (DESIGN.md §1): API keys here, nowhere else. */
export const PUBLIC_API_PREFIX = 'api/v1';

/** Whether a route's declared path is under the public API (for start-up checks and the OpenAPI document). */
export function isPublicApiPath(path: string): boolean {
  return path === `/${PUBLIC_API_PREFIX}` || path.startsWith(`/${PUBLIC_API_PREFIX}/`);
}

const ABSOLUTE_FORM = /^[a-z][a-z0-9+.-]*:\/\//i;

function pathOf(requestTarget: string): string {
  if (ABSOLUTE_FORM.test(requestTarget)) return new URL(requestTarget).pathname;
  return requestTarget.split(/[?#]/, 1)[0];
}

/**
 * Whether a request target may be addressed to the public API however its
 * path is spelled: percent-decoded, in any case, with matrix parameters,
 * repeated slashes and dot segments ignored. It decides only what to
 * authenticate before routing, and errs towards authenticating: the rules a
 * request is held to (scope, idempotency) come from the route it matched,
 * never from a test on its path.
 */
export function mayAddressPublicApi(requestTarget: string): boolean {
  let path = pathOf(requestTarget);
  try {
    path = decodeURIComponent(path);
  } catch {
    // Malformed escapes: judge the path as sent.
  }
  path = `/${path.toLowerCase().replace(/;[^/\\]*/g, '')}`.replace(/[/\\]+/g, '/');
  return isPublicApiPath(new URL(path, 'http://localhost').pathname);
}
