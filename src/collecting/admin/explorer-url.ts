import type { Network } from '../../chains/networks';

/** A transaction's page on the network's block explorer; null where the catalogue has none. */
export function explorerUrl(network: Network, txHash: string): string | null {
  return network.explorerTxUrl ? network.explorerTxUrl.replace('{hash}', txHash) : null;
}
