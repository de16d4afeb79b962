import type { Address } from 'viem';
import { LOCAL_TOKENS } from './local-chain/local-tokens';

export type Mode = 'live' | 'test';

/**
 * When a payment counts as settled: at or below a block tag, or N blocks deep — and, where
 * `thenFinalized` is set, also at or below `finalized`.
 */
export type SettlementRule = { kind: 'tag'; tag: 'finalized' | 'safe' } | { kind: 'confirmations'; blocks: number; thenFinalized: boolean };

export interface TokenContract {
  currency: 'USDC' | 'USDT';
  address: Address;
  decimals: number;
}

export interface Network {
  name: NetworkName;
  /** What payers know it as (wallets' own names). */
  label: string;
  mode: Mode;
  chainId: number;
  /** The native coin when it is a currency here (ETH); POL on polygon is not. */
  nativeCurrency: { currency: 'ETH'; decimals: 18 } | undefined;
  tokens: readonly TokenContract[];
  /** Approximate; the stale-head alarm and polling follow it. */
  blockTimeMs: number;
  settlement: SettlementRule;
  /**
   * The coin gas is paid in, with a rough price in US dollars: only used to weigh stablecoins
   * waiting at a deposit address against the gas of sweeping them, where a wide margin
   * (SWEEP_MIN_GAS_MULTIPLE) makes precision pointless.
   */
  gasCoin: { symbol: 'ETH' | 'POL'; roughUsd: number };
  /** A transaction's page on the network's block explorer: `{hash}` is replaced. */
  explorerTxUrl: string | undefined;
}

export const NETWORK_NAMES = ['ethereum', 'base', 'arbitrum', 'optimism', 'polygon', 'sepolia', 'base-sepolia', 'local'] as const;
export type NetworkName = (typeof NETWORK_NAMES)[number];

const ETH = { currency: 'ETH', decimals: 18 } as const;
const ETH_GAS = { symbol: 'ETH', roughUsd: 3_000 } as const;
const FINALIZED: SettlementRule = { kind: 'tag', tag: 'finalized' };
const SAFE: SettlementRule = { kind: 'tag', tag: 'safe' };

/**
 * The built-in catalogue (DESIGN.md §13). Token contracts are the issuers' canonical deployments
 * (Circle's native USDC, Tether's USDT); a token is left out where there is no canonical
 * deployment we are sure of (USDT on base, sepolia and base-sepolia) rather than guessed.
 */
export const NETWORKS: Readonly<Record<NetworkName, Network>> = {
  ethereum: {
    name: 'ethereum',
    label: 'Ethereum',
    mode: 'live',
    chainId: 1,
    nativeCurrency: ETH,
    tokens: [
      { currency: 'USDC', address: '0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48', decimals: 6 },
      { currency: 'USDT', address: '0xdAC17F958D2ee523a2206206994597C13D831ec7', decimals: 6 },
    ],
    blockTimeMs: 12_000,
    settlement: FINALIZED,
    gasCoin: ETH_GAS,
    explorerTxUrl: 'https://etherscan.io/tx/{hash}',
  },
  base: {
    name: 'base',
    label: 'Base',
    mode: 'live',
    chainId: 8453,
    nativeCurrency: ETH,
    tokens: [{ currency: 'USDC', address: '0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913', decimals: 6 }],
    blockTimeMs: 2_000,
    settlement: SAFE,
    gasCoin: ETH_GAS,
    explorerTxUrl: 'https://basescan.org/tx/{hash}',
  },
  arbitrum: {
    name: 'arbitrum',
    label: 'Arbitrum One',
    mode: 'live',
    chainId: 42161,
    nativeCurrency: ETH,
    tokens: [
      { currency: 'USDC', address: '0xaf88d065e77c8cC2239327C5EDb3A432268e5831', decimals: 6 },
      { currency: 'USDT', address: '0xFd086bC7CD5C481DCC9C85ebE478A1C0b69FCbb9', decimals: 6 },
    ],
    blockTimeMs: 250,
    settlement: SAFE,
    gasCoin: ETH_GAS,
    explorerTxUrl: 'https://arbiscan.io/tx/{hash}',
  },
  optimism: {
    name: 'optimism',
    label: 'OP Mainnet',
    mode: 'live',
    chainId: 10,
    nativeCurrency: ETH,
    tokens: [
      { currency: 'USDC', address: '0x0b2C639c533813f4Aa9D7837CAf62653d097Ff85', decimals: 6 },
      { currency: 'USDT', address: '0x94b008aA00579c1307B0EF2c499aD98a8ce58e58', decimals: 6 },
    ],
    blockTimeMs: 2_000,
    settlement: SAFE,
    gasCoin: ETH_GAS,
    explorerTxUrl: 'https://optimistic.etherscan.io/tx/{hash}',
  },
  polygon: {
    name: 'polygon',
    label: 'Polygon PoS',
    mode: 'live',
    chainId: 137,
    nativeCurrency: undefined,
    tokens: [
      { currency: 'USDC', address: '0x3c499c542cEF5E3811e1192ce70d8cC03d5c3359', decimals: 6 },
      { currency: 'USDT', address: '0xc2132D05D31c914a87C6611C10748AEb04B58e8F', decimals: 6 },
    ],
    blockTimeMs: 2_000,
    // 128 blocks: the depth exchanges long required on Polygon PoS before milestone finality;
    // the finalized tag on top covers any deeper reorg the chain still reports.
    settlement: { kind: 'confirmations', blocks: 128, thenFinalized: true },
    gasCoin: { symbol: 'POL', roughUsd: 0.25 },
    explorerTxUrl: 'https://polygonscan.com/tx/{hash}',
  },
  sepolia: {
    name: 'sepolia',
    label: 'Sepolia',
    mode: 'test',
    chainId: 11155111,
    nativeCurrency: ETH,
    tokens: [{ currency: 'USDC', address: '0x1c7D4B196Cb0C7B01d743Fbc6116a902379C7238', decimals: 6 }],
    blockTimeMs: 12_000,
    settlement: FINALIZED,
    gasCoin: ETH_GAS,
    explorerTxUrl: 'https://sepolia.etherscan.io/tx/{hash}',
  },
  'base-sepolia': {
    name: 'base-sepolia',
    label: 'Base Sepolia',
    mode: 'test',
    chainId: 84532,
    nativeCurrency: ETH,
    tokens: [{ currency: 'USDC', address: '0x036CbD53842c5426634e7929541eC2318f3dCF7e', decimals: 6 }],
    blockTimeMs: 2_000,
    settlement: SAFE,
    gasCoin: ETH_GAS,
    explorerTxUrl: 'https://sepolia.basescan.org/tx/{hash}',
  },
  local: {
    name: 'local',
    label: 'Local dev chain',
    mode: 'test',
    chainId: 31337,
    nativeCurrency: ETH,
    // Test tokens deployed when the chain is provisioned, at addresses fixed offline.
    tokens: LOCAL_TOKENS.map(({ currency, address, decimals }) => ({ currency, address, decimals })),
    blockTimeMs: 1_000,
    settlement: { kind: 'confirmations', blocks: 1, thenFinalized: false },
    gasCoin: ETH_GAS,
    explorerTxUrl: undefined,
  },
};

/** The suffix of a network's variables: `base-sepolia` → `BASE_SEPOLIA` (RPC_URLS_BASE_SEPOLIA). */
export function networkVariableSuffix(name: NetworkName): string {
  return name.toUpperCase().replace(/-/g, '_');
}

/** How a currency is paid on a network: a token contract, or the native coin (`token: null`). */
export interface NetworkAsset {
  currency: string;
  token: Address | null;
  decimals: number;
}

/** The asset of `currency` on `network`, if the network offers it. */
export function assetOn(network: Network, currency: string): NetworkAsset | undefined {
  if (network.nativeCurrency?.currency === currency) return { currency, token: null, decimals: network.nativeCurrency.decimals };
  const token = network.tokens.find((candidate) => candidate.currency === currency);
  return token && { currency, token: token.address, decimals: token.decimals };
}

/** The asset a token contract (or, for `null`, the native coin) stands for on `network`. */
export function assetOfToken(network: Network, token: Address | null): NetworkAsset | undefined {
  if (token === null) return network.nativeCurrency && { currency: network.nativeCurrency.currency, token: null, decimals: network.nativeCurrency.decimals };
  const found = network.tokens.find((candidate) => candidate.address.toLowerCase() === token.toLowerCase());
  return found && { currency: found.currency, token: found.address, decimals: found.decimals };
}

export function isNetworkName(value: string): value is NetworkName {
  return (NETWORK_NAMES as readonly string[]).includes(value);
}
