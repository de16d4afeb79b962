/**
 * An RPC URL fit for a log line: scheme, host and port only. Providers put the API key in the
 * path (`/v2/<key>`), the query or the user info, so all of those are dropped.
 */
export function redactRpcUrl(value: string): string {
  try {
    const url = new URL(value);
    const hidden = url.pathname.length > 1 || url.search !== '' || url.username !== '' || url.password !== '';
    return `${url.protocol}//${url.host}${hidden ? '/…' : ''}`;
  } catch {
    return '(unparseable URL)';
  }
}
