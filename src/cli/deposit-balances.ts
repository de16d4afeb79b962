import { erc20Abi, formatUnits, getAddress, type Address } from 'viem';
import type { TargetChain } from './target-chain';

/** One token a deposit address may hold: from the catalogue, or named with --token (then read from the token itself). */
export interface TokenHolding {
  token: Address;
  symbol: string;
  decimals: number;
  balance: bigint;
  /** No contract at that address on this chain: it holds nothing and must stay out of the sweep (it would revert). */
  missing: boolean;
}

export interface DepositBalances {
  native: bigint;
  tokens: TokenHolding[];
}

/** What `address` holds: the native coin, each catalogue token of the network and each extra token, one entry per contract. */
export async function readDepositBalances(target: TargetChain, address: Address, extraTokens: readonly Address[]): Promise<DepositBalances> {
  const catalogue = target.network?.tokens ?? [];
  const extras = extraTokens.map((token) => getAddress(token)).filter((token) => !catalogue.some((known) => known.address === token));
  const unique = [...new Set(extras)];
  const [native, known, named] = await Promise.all([
    target.client.getBalance({ address }),
    Promise.all(catalogue.map((token) => holding(target, address, token.address, { symbol: token.currency, decimals: token.decimals }))),
    Promise.all(unique.map((token) => holding(target, address, token))),
  ]);
  return { native, tokens: [...known, ...named] };
}

async function holding(target: TargetChain, owner: Address, token: Address, known?: { symbol: string; decimals: number }): Promise<TokenHolding> {
  const code = await target.client.getCode({ address: token });
  if (!code || code === '0x') return { token, symbol: known?.symbol ?? token, decimals: known?.decimals ?? 0, balance: 0n, missing: true };
  const read = <T>(functionName: 'symbol' | 'decimals', fallback: T) =>
    target.client.readContract({ address: token, abi: erc20Abi, functionName }).then((value) => value as T, () => fallback);
  const [balance, symbol, decimals] = await Promise.all([
    target.client.readContract({ address: token, abi: erc20Abi, functionName: 'balanceOf', args: [owner] }),
    known ? known.symbol : read('symbol', token as string),
    known ? known.decimals : read('decimals', 0),
  ]);
  return { token, symbol, decimals, balance, missing: false };
}

export function formatHolding(holding: { balance: bigint; decimals: number; symbol: string }): string {
  return `${formatUnits(holding.balance, holding.decimals)} ${holding.symbol}`;
}
