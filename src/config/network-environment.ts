import { getAddress, isAddress, zeroAddress, type Address } from 'viem';
import { NETWORK_NAMES, networkVariableSuffix, type NetworkName, type SettlementRule } from '../chains/networks';

/** The per-network settings read from `RPC_URLS_<NETWORK>`, `SETTLEMENT_<NETWORK>` and `SWEEP_MAX_FEE_GWEI_<NETWORK>`. */
export interface NetworkEnvironment {
  /** Only networks with at least one URL; several URLs are tried in order (failover). */
  rpcUrls: ReadonlyMap<NetworkName, readonly string[]>;
  /** Only networks whose default rule is overridden. */
  settlement: ReadonlyMap<NetworkName, SettlementRule>;
  /** The most a sweep may pay per gas, in wei; only networks whose default cap is overridden. */
  sweepMaxFeeWei: ReadonlyMap<NetworkName, bigint>;
}

const SETTLEMENT_MESSAGE = 'must be finalized, safe or a whole number of blocks from 1 to 10000';

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

/** Gwei with up to 9 decimals (a wei), e.g. `30` or `0.05`, as wei; undefined when malformed or zero. */
function parseGwei(value: string): bigint | undefined {
  const match = /^(\d{1,6})(?:\.(\d{1,9}))?$/.exec(value);
  if (!match) return undefined;
  const wei = BigInt(match[1]) * 10n ** 9n + BigInt((match[2] ?? '').padEnd(9, '0'));
  return wei > 0n ? wei : undefined;
}

function parseSettlement(value: string): SettlementRule | undefined {
  if (value === 'finalized' || value === 'safe') return { kind: 'tag', tag: value };
  if (!/^\d{1,5}$/.test(value)) return undefined;
  const blocks = Number(value);
  return blocks >= 1 && blocks <= 10_000 ? { kind: 'confirmations', blocks, thenFinalized: false } : undefined;
}

/**
 * Reads the per-network variables (their names follow the catalogue, so they cannot be class
 * fields). Problems name the variable, never its value: RPC URLs often embed an API key.
 */
export function readNetworkEnvironment(given: Record<string, string | undefined>): { problems: string[]; value: NetworkEnvironment } {
  const problems: string[] = [];
  const rpcUrls = new Map<NetworkName, string[]>();
  const settlement = new Map<NetworkName, SettlementRule>();
  const sweepMaxFeeWei = new Map<NetworkName, bigint>();
  const known = new Set(NETWORK_NAMES.map(networkVariableSuffix));
  for (const name of Object.keys(given)) {
    const match = /^(RPC_URLS|SETTLEMENT|SWEEP_MAX_FEE_GWEI)_(.+)$/.exec(name);
    if (match && given[name] && !known.has(match[2])) {
      problems.push(`${name} names no known network (known: ${NETWORK_NAMES.join(', ')})`);
    }
  }
  for (const network of NETWORK_NAMES) {
    const suffix = networkVariableSuffix(network);
    const urls = given[`RPC_URLS_${suffix}`];
    if (urls) {
      const list = urls.split(',').map((url) => url.trim());
      if (list.every(isHttpUrl)) rpcUrls.set(network, list);
      else problems.push(`RPC_URLS_${suffix} must be a comma-separated list of http(s) URLs, such as https://rpc-a.example,https://rpc-b.example`);
    }
    const rule = given[`SETTLEMENT_${suffix}`];
    if (rule) {
      const parsed = parseSettlement(rule);
      if (parsed) settlement.set(network, parsed);
      else problems.push(`SETTLEMENT_${suffix} ${SETTLEMENT_MESSAGE}`);
    }
    const maxFee = given[`SWEEP_MAX_FEE_GWEI_${suffix}`];
    if (maxFee) {
      const wei = parseGwei(maxFee);
      if (wei) sweepMaxFeeWei.set(network, wei);
      else problems.push(`SWEEP_MAX_FEE_GWEI_${suffix} must be a positive number of gwei with at most 9 decimals, such as 30 or 0.05`);
    }
  }
  return { problems, value: { rpcUrls, settlement, sweepMaxFeeWei } };
}

/** An EIP-55 checksummed, non-zero address: a typo in a payout address must not lose funds. */
export function isPayoutAddress(value: unknown): value is Address {
  return typeof value === 'string' && isAddress(value, { strict: false }) && getAddress(value) === value && value !== zeroAddress;
}
