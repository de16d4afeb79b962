import type { Address } from 'viem';
import type { Network } from '../chains/networks';

/** Funds confirmed at one deposit address and not swept yet, per asset. */
export interface WaitingAddress {
  address: Address;
  sessionId: string;
  /** The session's payout address, bound into the deposit address. */
  payout: Address;
  assets: { currency: string; token: Address | null; decimals: number; amount: bigint }[];
  /** When its oldest unswept payment was confirmed. */
  since: Date;
}

export interface SweepThresholds {
  minGasMultiple: number;
  maxAgeHours: number;
}

/**
 * What an address holds, in wei of the network's gas coin: ETH as it is (where gas is paid in
 * ETH), stablecoins at a dollar each over the gas coin's rough price.
 */
export function valueInGasWei(network: Network, entry: WaitingAddress): bigint {
  const gasCoinCents = BigInt(Math.round(network.gasCoin.roughUsd * 100));
  let total = 0n;
  for (const asset of entry.assets) {
    if (asset.token === null) total += network.gasCoin.symbol === 'ETH' ? asset.amount : 0n;
    else total += (asset.amount * 10n ** BigInt(18 - asset.decimals) * 100n) / gasCoinCents;
  }
  return total;
}

/**
 * Whether an address is worth its share of a batch: it holds at least `minGasMultiple` times the
 * gas its share costs at the fee the batch may pay, or its oldest payment has waited
 * `maxAgeHours` (a small payment is not stranded forever). `force` (an operator asked for a sweep
 * now) takes anything waiting.
 */
export function worthSweeping(
  network: Network,
  entry: WaitingAddress,
  { shareWei, thresholds, now, force }: { shareWei: bigint; thresholds: SweepThresholds; now: Date; force: boolean },
): boolean {
  if (force) return true;
  if (now.getTime() - entry.since.getTime() >= thresholds.maxAgeHours * 3_600_000) return true;
  return valueInGasWei(network, entry) >= BigInt(thresholds.minGasMultiple) * shareWei;
}
