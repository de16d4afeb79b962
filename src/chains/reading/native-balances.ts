import { isAddressEqual, type Address, type Hash, type PublicClient } from 'viem';
import { decodeEthBalanceResults, encodeEthBalanceCalls } from './eth-balance-calls';

/**
 * Addresses per eth_call. The data is creation code and the answer the created code, which nodes
 * cap at 49,152 bytes (EIP-3860) and 24,576 bytes (EIP-170): 2,000 addresses take 40 kB and 24 kB,
 * and about 11 M gas (a cold BALANCE each, the data, 200 a byte of answer), inside the gas nodes
 * grant an eth_call by default (the block gas limit, 30 M on Anvil; geth's 50 M cap). 10,000
 * addresses: five calls.
 */
export const BALANCES_PER_CALL = 2_000;

/**
 * The ETH balance of each address at `blockNumber`, by a contract-less eth_call (see
 * eth-balance-calls): ETH that a contract sent (no transaction of its own) shows up too. The calls
 * go one after another, not side by side, so a request stays one call's size.
 */
export async function readEthBalances(client: PublicClient, addresses: readonly Address[], blockNumber: bigint): Promise<Map<Address, bigint>> {
  const balances = new Map<Address, bigint>();
  for (let start = 0; start < addresses.length; start += BALANCES_PER_CALL) {
    const chunk = addresses.slice(start, start + BALANCES_PER_CALL);
    const { data } = await client.call({ data: encodeEthBalanceCalls(chunk), blockNumber });
    if (!data) throw new Error(`the balance read returned nothing at block ${blockNumber}`);
    decodeEthBalanceResults(data, chunk.length).forEach((balance, index) => balances.set(chunk[index], balance));
  }
  return balances;
}

export interface BalanceRise {
  blockNumber: bigint;
  /** The balance at that block: the rise is `balance − knownBalance`. */
  balance: bigint;
}

/**
 * The block in (after, atOrBefore] where the balance of `address` rose above `knownBalance`, its
 * balance at `after`; undefined if it is not above it at `atOrBefore`. Bisection with
 * eth_getBalance at block numbers: 1 + log2(atOrBefore − after) calls, and it needs the state of
 * those blocks (full nodes keep the last 128; providers' archive nodes all). Deposit addresses
 * only lose funds to a sweep, so between sweeps the balance never falls and the block found is
 * the first rise; call again from it to find the next.
 */
export async function findBalanceRise(
  client: PublicClient,
  address: Address,
  { after, knownBalance, atOrBefore }: { after: bigint; knownBalance: bigint; atOrBefore: bigint },
): Promise<BalanceRise | undefined> {
  if (atOrBefore <= after) return undefined;
  let high: BalanceRise = { blockNumber: atOrBefore, balance: await client.getBalance({ address, blockNumber: atOrBefore }) };
  if (high.balance <= knownBalance) return undefined;
  let low = after;
  while (high.blockNumber - low > 1n) {
    const middle = low + (high.blockNumber - low) / 2n;
    const balance = await client.getBalance({ address, blockNumber: middle });
    if (balance > knownBalance) high = { blockNumber: middle, balance };
    else low = middle;
  }
  return high;
}

/**
 * The hash of a transaction in block `blockNumber` that sends ETH straight to `address` (a plain
 * transfer, as exchanges and wallets send), or undefined when the ETH came from a contract. One
 * eth_getBlockByNumber with the block's transactions. With several such transactions in the
 * block, the first.
 */
export async function findPlainTransfer(client: PublicClient, blockNumber: bigint, address: Address): Promise<Hash | undefined> {
  const block = await client.getBlock({ blockNumber, includeTransactions: true });
  return block.transactions.find((transaction) => transaction.to != null && transaction.value > 0n && isAddressEqual(transaction.to, address))?.hash;
}
