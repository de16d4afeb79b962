import { createPublicClient, fallback, http, shouldThrow, type PublicClient } from 'viem';
import { isLogRangeTooLarge } from './reading/log-range-errors';
import { coolingDown, UrlCoolDown } from './rpc-cool-down';

/** Per request; a dead URL fails fast and the next one is tried. */
export const RPC_TIMEOUT_MS = 5_000;

/**
 * Requests issued together (a head with its safe and finalized tags, a window of block hashes) go
 * in one JSON-RPC batch, one HTTP round trip. Capped because some public endpoints refuse larger
 * batches; a request of a failed batch fails over on its own.
 */
const MAX_BATCH = 50;

/**
 * A viem client over a network's URLs in order, failing over to the next on an error or timeout; a
 * URL that timed out or could not be reached is passed over for a while (UrlCoolDown).
 * No block-number cache: a watcher must see each new head. An eth_getLogs refused as too large is
 * not sent to the next URL: the reader halves the range instead (AdaptiveRange).
 */
export function createRpcClient(urls: readonly string[]): PublicClient {
  const coolDown = new UrlCoolDown(urls.length);
  const transports = urls.map((url, index) => coolingDown(http(url, { timeout: RPC_TIMEOUT_MS, retryCount: 0, batch: { batchSize: MAX_BATCH } }), index, coolDown));
  return createPublicClient({
    transport: fallback(transports, { retryCount: 1, shouldThrow: (error) => isLogRangeTooLarge(error) || shouldThrow(error) }),
    cacheTime: 0,
  });
}
