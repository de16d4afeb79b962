import { createPublicClient, createWalletClient, defineChain, http, type Chain, type PublicClient, type WalletClient, type Account, type Transport } from 'viem';
import { isNetworkName, NETWORKS, networkVariableSuffix, type Network } from '../chains/networks';
import { RPC_TIMEOUT_MS } from '../chains/rpc-client';
import { redactRpcUrl } from '../chains/rpc-url';
import { CliError } from './cli-error';

export interface ChainOptions {
  network: string;
  rpcUrl?: string;
  chainId?: number;
}

/** The chain a command works on: a catalogue network, or (for `recover`) any EVM chain named by its RPC URL. */
export interface TargetChain {
  name: string;
  /** Undefined for a network outside the catalogue (bsc, …): its tokens must be given with --token. */
  network: Network | undefined;
  chain: Chain;
  /** Fit for printing: the host only, never a provider's key in the path. */
  where: string;
  client: PublicClient;
  wallet(account: Account): WalletClient<Transport, Chain, Account>;
}

/**
 * Connects and checks the chain is the one named: a catalogue network must answer its chain id (an
 * RPC URL of another chain would send the operator's transaction there); another network must give
 * --rpc-url, and --chain-id when the operator wants it checked.
 */
export async function connectChain(options: ChainOptions, env: NodeJS.ProcessEnv, allowUncatalogued: boolean): Promise<TargetChain> {
  const network = isNetworkName(options.network) ? NETWORKS[options.network] : undefined;
  if (!network && !allowUncatalogued) throw new CliError(`Unknown network ${options.network}; the catalogue has ${Object.keys(NETWORKS).join(', ')}.`);
  const variable = network && `RPC_URLS_${networkVariableSuffix(network.name)}`;
  const rpcUrl = options.rpcUrl ?? (variable ? env[variable]?.split(',')[0]?.trim() : undefined);
  if (!rpcUrl) throw new CliError(`No RPC URL for ${options.network}: pass --rpc-url${variable ? ` or set ${variable}` : ''}.`);
  const transport = http(rpcUrl, { timeout: RPC_TIMEOUT_MS, retryCount: 1 });
  const where = redactRpcUrl(rpcUrl);
  const probe = createPublicClient({ transport, cacheTime: 0 });
  let chainId: number;
  try {
    chainId = await probe.getChainId();
  } catch (error) {
    // viem's message quotes the URL, which may hold a provider's key.
    throw new CliError(`The RPC at ${where} did not answer (${error instanceof Error ? error.name : 'error'}).`);
  }
  const expected = network?.chainId ?? options.chainId;
  if (expected !== undefined && chainId !== expected) {
    throw new CliError(`The RPC at ${where} serves chain id ${chainId}, but ${options.network} is chain id ${expected}: nothing was sent.`);
  }
  const chain = defineChain({
    id: chainId,
    name: network?.label ?? options.network,
    nativeCurrency: { name: 'native coin', symbol: network?.nativeCurrency?.currency ?? 'native coin', decimals: 18 },
    rpcUrls: { default: { http: [rpcUrl] } },
  });
  const client = createPublicClient({ chain, transport, cacheTime: 0, pollingInterval: 500 }) as PublicClient;
  return {
    name: options.network,
    network,
    chain,
    where,
    client,
    wallet: (account) => createWalletClient({ account, chain, transport, cacheTime: 0, pollingInterval: 500 }),
  };
}
