import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { createPublicClient, http, type PublicClient } from 'viem';
import { AppConfig } from '../config/app-config';
import { DEPOSIT_FACTORY_ADDRESS } from './deposit-factory';
import { NETWORKS, type Mode, type Network, type NetworkName } from './networks';
import { createRpcClient, RPC_TIMEOUT_MS } from './rpc-client';
import { redactRpcUrl } from './rpc-url';

/**
 * The networks this instance can use: those with RPC URLs whose chain answers the catalogue's
 * chain id and has the deposit factory. A network failing that check is disabled with one log
 * line, never a failed start: one provider's outage must not stop the others.
 */
@Injectable()
export class NetworkRegistry implements OnModuleInit {
  private readonly logger = new Logger(NetworkRegistry.name);
  private readonly enabledNetworks = new Map<NetworkName, { network: Network; client: PublicClient; devChainUrl?: string }>();

  constructor(private readonly config: AppConfig) {}

  async onModuleInit(): Promise<void> {
    const configured = [...this.config.payments.networks.rpcUrls];
    await Promise.all(configured.map(([name, urls]) => this.check(NETWORKS[name], urls)));
  }

  /** Enabled networks of one mode, in catalogue order. */
  enabled(mode: Mode): Network[] {
    return Object.values(NETWORKS).filter((network) => network.mode === mode && this.enabledNetworks.has(network.name));
  }

  isEnabled(name: NetworkName): boolean {
    return this.enabledNetworks.has(name);
  }

  /** Every enabled network, live and test. */
  all(): Network[] {
    return [...this.enabledNetworks.values()].map((entry) => entry.network);
  }

  /** The RPC client of an enabled network (failover across its URLs). */
  client(name: NetworkName): PublicClient {
    const entry = this.enabledNetworks.get(name);
    if (!entry) throw new Error(`network ${name} is not enabled`);
    return entry.client;
  }

  /**
   * The RPC URL of an enabled test network served by a dev node (Anvil), where the dev faucet can
   * pay: the embedded local chain, or a test chain a developer runs. Never a live network.
   */
  devChainUrl(name: NetworkName): string | undefined {
    return this.enabledNetworks.get(name)?.devChainUrl;
  }

  private async check(network: Network, urls: readonly string[]): Promise<void> {
    const where = urls.map(redactRpcUrl).join(', ');
    const client = createRpcClient(urls);
    const [problem, devChainUrl] = await Promise.all([this.problemWith(network, client), network.mode === 'test' ? firstDevNodeUrl(urls) : undefined]);
    if (problem) {
      this.logger.warn(`network ${network.name} disabled: ${problem} (RPC ${where})`);
      return;
    }
    this.enabledNetworks.set(network.name, { network, client, devChainUrl });
    this.logger.log(`network ${network.name} enabled (chain id ${network.chainId}, RPC ${where})`);
  }

  private async problemWith(network: Network, client: PublicClient): Promise<string | undefined> {
    try {
      const chainId = await client.getChainId();
      if (chainId !== network.chainId) return `the RPC answers chain id ${chainId}, the catalogue says ${network.chainId}`;
      const code = await client.getCode({ address: DEPOSIT_FACTORY_ADDRESS });
      if (!code || code === '0x') return `the deposit factory is not deployed at ${DEPOSIT_FACTORY_ADDRESS}`;
      return undefined;
    } catch (error) {
      // viem's messages quote the URL and the request; only the error's kind is safe to log.
      return `no RPC URL answered (${error instanceof Error ? error.name : 'error'})`;
    }
  }
}

/**
 * The first of the URLs served by a dev node, each asked on its own (all at once): the faucet pays
 * through one URL, and the first may be down while the network works through the others.
 */
async function firstDevNodeUrl(urls: readonly string[]): Promise<string | undefined> {
  const answers = await Promise.all(urls.map((url) => isDevNode(createPublicClient({ transport: http(url, { timeout: RPC_TIMEOUT_MS, retryCount: 0 }) }))));
  return urls[answers.indexOf(true)];
}

async function isDevNode(client: PublicClient): Promise<boolean> {
  try {
    return (await client.request({ method: 'web3_clientVersion' })).toLowerCase().startsWith('anvil/');
  } catch {
    return false;
  }
}
