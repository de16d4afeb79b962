export const DASHBOARD_HOME = '/dashboard/api-keys';

const PLACEHOLDER_ORIGIN = 'http://dashboard.invalid';

/**
 * Where to go after signing in: a path on this site under `/dashboard`, or the
 * home page. Anything that would leave the site (`//evil.example`,
 * `https://…`, `/\evil`, encoded tricks) is resolved against a placeholder
 * origin and dropped if it lands elsewhere, so `next` is never an open redirect.
 */
export function safeNext(next: unknown): string {
  if (typeof next !== 'string' || !next.startsWith('/') || /[\\\s\p{Cc}]/u.test(next)) return DASHBOARD_HOME;
  let url: URL;
  try {
    url = new URL(next, PLACEHOLDER_ORIGIN);
  } catch {
    return DASHBOARD_HOME;
  }
  if (url.origin !== PLACEHOLDER_ORIGIN) return DASHBOARD_HOME;
  if (url.pathname !== '/dashboard' && !url.pathname.startsWith('/dashboard/')) return DASHBOARD_HOME;
  if (url.pathname === '/dashboard' || url.pathname.startsWith('/dashboard/assets/')) return DASHBOARD_HOME;
  return url.pathname + url.search;
}

/** The sign-in page that comes back to `path` afterwards. */
export function signInUrl(path: string): string {
  const next = safeNext(path);
  return next === DASHBOARD_HOME ? '/dashboard' : `/dashboard?next=${encodeURIComponent(next)}`;
}
