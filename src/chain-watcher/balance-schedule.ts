import type { Address } from 'viem';

/**
 * How often the ETH balance of a session priced in a token is read: once every this many blocks.
 * ETH on such a session is a wrong-currency payment, recorded as unmatched and counted nowhere,
 * so finding it ten blocks late costs nothing, while reading 10,000 balances every block costs
 * five eth_calls and most of the watcher's CPU. Sessions priced in ETH are read every block.
 * Well under the 128 recent blocks whose state a full node keeps, which the bisection reads.
 */
export const TOKEN_SESSION_BALANCE_PERIOD = 10n;

/**
 * Each address is read in its own block of every period (its slot, from its last hex digits, so
 * spread evenly: a tenth of them per block). A tick covering a block of one's slot reads it, so
 * it is read in every run of `period` consecutive blocks, however the ticks cut them.
 */
function slotOf(address: Address, period: bigint): number {
  return Number.parseInt(address.slice(-8), 16) % Number(period);
}

/** Which addresses a tick over blocks [from, to] reads: those whose slot comes round in it. */
export function balanceDueIn(from: bigint, to: bigint, period = TOKEN_SESSION_BALANCE_PERIOD): (address: Address) => boolean {
  if (to - from + 1n >= period) return () => true;
  const slots = new Set<number>();
  for (let block = from; block <= to; block += 1n) slots.add(Number(block % period));
  return (address) => slots.has(slotOf(address, period));
}

/**
 * The last block of its slot before `from` (0 at the earliest). The tick that covered it read the
 * balance then or later, so the balance there was at most the one last recorded: a rise found now
 * happened after it, and the bisection that looks for it starts there.
 */
export function lastDueBefore(address: Address, from: bigint, period = TOKEN_SESSION_BALANCE_PERIOD): bigint {
  const behind = (((from - 1n - BigInt(slotOf(address, period))) % period) + period) % period;
  const last = from - 1n - behind;
  return last < 0n ? 0n : last;
}
