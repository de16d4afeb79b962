import { createTestClient, defineChain, http, publicActions, walletActions } from 'viem';
import { NETWORKS, type NetworkName } from '../networks';
import { faucetAccount } from './dev-accounts';

/**
 * A viem client for a dev chain (an Anvil) acting as the faucet account: reads, locally signed
 * transactions and Anvil's own methods. No block-number cache: each call sees the newest block.
 */
export function faucetClient(rpcUrl: string, network: NetworkName) {
  const { name, chainId } = NETWORKS[network];
  const chain = defineChain({
    id: chainId,
    name,
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [rpcUrl] } },
  });
  return createTestClient({ mode: 'anvil', chain, account: faucetAccount, transport: http(rpcUrl), cacheTime: 0, pollingInterval: 100 })
    .extend(publicActions)
    .extend(walletActions);
}

export type FaucetClient = ReturnType<typeof faucetClient>;
