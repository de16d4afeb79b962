import { erc20Abi, getAddress, type Address } from 'viem';
import { depositAddress, type SweepOrder } from '../chains/deposit-factory';
import type { WaitingAddress } from './admin-client';
import { CliError } from './cli-error';
import type { TargetChain } from './target-chain';

/** A waiting address the CLI will sweep, checked: its order names it, its tokens are the catalogue's. */
export interface PlannedAddress {
  waiting: WaitingAddress;
  order: SweepOrder;
}

/**
 * Turns the service's list into sweep orders, taking nothing on its word: the payout and salt must
 * compute to the address (else the sweep would empty another address, or none), the mode must be
 * the network's, and each token must be the catalogue's contract for its currency.
 */
export function planAddresses(target: TargetChain, waiting: readonly WaitingAddress[]): PlannedAddress[] {
  const network = target.network!;
  return waiting.map((entry) => {
    const address = getAddress(entry.depositAddress);
    if (depositAddress(getAddress(entry.payoutAddress), entry.salt) !== address) {
      throw new CliError(`The service's payout address and salt for ${address} (${entry.session}) do not compute to it: nothing was sent.`);
    }
    if (entry.livemode !== (network.mode === 'live')) throw new CliError(`The service lists ${address} (${entry.session}) in the wrong mode for ${network.name}: nothing was sent.`);
    const tokens: Address[] = [];
    for (const asset of entry.assets) {
      if (asset.token === null) continue;
      const known = network.tokens.find((token) => getAddress(token.address) === getAddress(asset.token!));
      if (!known || known.currency !== asset.currency) throw new CliError(`The service lists ${asset.token} as ${asset.currency} on ${network.name}, which the catalogue does not: nothing was sent.`);
      tokens.push(getAddress(known.address));
    }
    return { waiting: { ...entry, depositAddress: address }, order: { payout: getAddress(entry.payoutAddress), salt: entry.salt, tokens } };
  });
}

/**
 * Whether the address still holds something on chain. The service learns of a sweep only once it
 * is confirmed, so an address swept a moment ago may still be listed: sweeping it again would only
 * burn gas.
 */
export async function stillHoldsFunds(target: TargetChain, planned: PlannedAddress): Promise<boolean> {
  const address = planned.waiting.depositAddress;
  const balances = await Promise.all([
    target.client.getBalance({ address }),
    ...planned.order.tokens.map((token) => target.client.readContract({ address: token, abi: erc20Abi, functionName: 'balanceOf', args: [address] })),
  ]);
  return balances.some((balance) => balance > 0n);
}

export function inBatches<T>(items: readonly T[], size: number): T[][] {
  const batches: T[][] = [];
  for (let start = 0; start < items.length; start += size) batches.push(items.slice(start, start + size));
  return batches;
}
