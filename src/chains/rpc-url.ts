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

/** An RPC error fit for a log line: viem's messages quote the RPC URL, which may carry an API key, so the kind and short text only. */
export function describeRpcError(error: unknown): { name: string; message: string } {
  if (!(error instanceof Error)) return { name: 'error', message: String(error).slice(0, 200) };
  return { name: error.name, message: (error as { shortMessage?: string }).shortMessage ?? error.message.split('\n')[0].replace(/https?:\/\/\S+/g, '(RPC URL)') };
}
