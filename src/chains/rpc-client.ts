import { createPublicClient, fallback, http, type PublicClient } from 'viem';

/** Per request; a dead URL fails fast and the next one is tried. */
const RPC_TIMEOUT_MS = 5_000;

/**
 * A viem client over a network's URLs in order, failing over to the next on an error or timeout.
 * No block-number cache: a watcher must see each new head.
 */
export function createRpcClient(urls: readonly string[]): PublicClient {
  const transports = urls.map((url) => http(url, { timeout: RPC_TIMEOUT_MS, retryCount: 0 }));
  return createPublicClient({ transport: fallback(transports, { retryCount: 1 }), cacheTime: 0 });
}
