import { getAddress, isAddressEqual, type Address, type Hash, type PublicClient } from 'viem';
import { DEPOSIT_FACTORY_ADDRESS } from '../deposit-factory';
import { sweptEvent, transferEvent } from './deposit-events';
import type { AdaptiveRange } from './adaptive-range';

/** One ERC-20 Transfer log: a payment candidate, identified on its chain by (txHash, logIndex). */
export interface TokenTransfer {
  token: Address;
  from: Address;
  to: Address;
  value: bigint;
  txHash: Hash;
  logIndex: number;
  blockNumber: bigint;
  blockHash: Hash;
}

export interface TransferQuery {
  /** Token contracts (the network's catalogue). */
  tokens: readonly Address[];
  /** Deposit addresses: only transfers to one of them are returned. A Set holds them lowercased (a watcher keeps one between polls). */
  recipients: readonly Address[] | ReadonlySet<string>;
  fromBlock: bigint;
  toBlock: bigint;
}

/**
 * The most recipients put in the `to` topic of one eth_getLogs. Providers cap OR-lists near 1,000
 * topics (Infura: 5,000 parameters a request); 500 stays clear of all of them.
 *
 * Above it, one query without a `to` filter, filtered here, costs less than the second filtered
 * one would: at the head a poll spans one block, and even Ethereum's busiest tokens emit only a
 * few hundred Transfer logs a block (a few hundred kB, decoded in a few ms). So one eth_getLogs
 * per window whatever the number of open addresses, 10,000 included. When catching up, the
 * adaptive range keeps such windows under the providers' 10,000-log cap: on a busy chain a few
 * dozen blocks a call instead of 2,000 (a long outage there costs more calls than filtered
 * queries would), on a quiet one nothing more.
 */
export const RECIPIENTS_PER_FILTER = 500;

/** A `Swept` log of the deposit factory: some address was emptied into its payout (by anyone). */
export interface SweptLog {
  depositAddress: Address;
  txHash: Hash;
  blockNumber: bigint;
}

/** The logs a watcher reads over a range of blocks: payments into deposit addresses, and sweeps out of them. */
export interface DepositLogs {
  transfers: TokenTransfer[];
  swept: SweptLog[];
}

/**
 * The Transfer logs of `tokens` to any of `recipients` in [fromBlock, toBlock], ordered by block
 * and log index, and every `Swept` log of the deposit factory there. Logs flagged `removed`
 * (reorged away) are left out; the caller detects reorgs by block hash.
 *
 * Above RECIPIENTS_PER_FILTER recipients, one eth_getLogs per range window asks for both events
 * of the tokens and the factory together, unfiltered. Below it, the Transfer query filters by
 * recipient and the factory's logs are a second query in the same JSON-RPC batch (the `to` topic
 * of a Transfer is the `payout` topic of a `Swept`, so one filter cannot serve both).
 */
export async function fetchDepositLogs(client: PublicClient, query: TransferQuery, ranges: { transfers: AdaptiveRange; swept: AdaptiveRange }): Promise<DepositLogs> {
  const recipients = query.recipients instanceof Set ? query.recipients : new Set((query.recipients as readonly Address[]).map((address) => address.toLowerCase()));
  if (query.fromBlock > query.toBlock) return { transfers: [], swept: [] };
  const tokens = new Set(query.tokens.map((token) => token.toLowerCase()));
  const wanted = (log: { removed: boolean; address: Address; args: { to: Address } }) =>
    !log.removed && tokens.has(log.address.toLowerCase()) && recipients.has(log.args.to.toLowerCase());
  if (recipients.size > RECIPIENTS_PER_FILTER) {
    const logs = await ranges.transfers.collect(query.fromBlock, query.toBlock, async (fromBlock, toBlock) =>
      // strict: a log that does not decode as a standard Transfer (an ERC-721 one has a third indexed topic) is dropped.
      client.getLogs({ address: [...query.tokens, DEPOSIT_FACTORY_ADDRESS], events: [transferEvent, sweptEvent], fromBlock, toBlock, strict: true }),
    );
    return {
      transfers: sorted(logs.flatMap((log) => (log.eventName === 'Transfer' && wanted(log) ? [transferOf(log)] : []))),
      swept: logs.flatMap((log) => (log.eventName === 'Swept' && !log.removed && isAddressEqual(log.address, DEPOSIT_FACTORY_ADDRESS) ? [sweptOf(log)] : [])),
    };
  }
  const to = [...recipients].map((address) => getAddress(address));
  const [transfers, swept] = await Promise.all([
    tokens.size === 0 || to.length === 0
      ? []
      : ranges.transfers.collect(query.fromBlock, query.toBlock, async (fromBlock, toBlock) =>
          (await client.getLogs({ address: [...query.tokens], event: transferEvent, args: { to }, fromBlock, toBlock, strict: true })).filter(wanted).map(transferOf),
        ),
    ranges.swept.collect(query.fromBlock, query.toBlock, async (fromBlock, toBlock) =>
      (await client.getLogs({ address: DEPOSIT_FACTORY_ADDRESS, event: sweptEvent, fromBlock, toBlock, strict: true })).filter((log) => !log.removed).map(sweptOf),
    ),
  ]);
  return { transfers: sorted(transfers), swept };
}

function transferOf(log: { address: Address; args: { from: Address; to: Address; value: bigint }; transactionHash: Hash; logIndex: number; blockNumber: bigint; blockHash: Hash }): TokenTransfer {
  return {
    token: getAddress(log.address),
    from: log.args.from,
    to: log.args.to,
    value: log.args.value,
    txHash: log.transactionHash,
    logIndex: log.logIndex,
    blockNumber: log.blockNumber,
    blockHash: log.blockHash,
  };
}

function sweptOf(log: { args: { depositAddress: Address }; transactionHash: Hash; blockNumber: bigint }): SweptLog {
  return { depositAddress: getAddress(log.args.depositAddress), txHash: log.transactionHash, blockNumber: log.blockNumber };
}

function sorted(transfers: TokenTransfer[]): TokenTransfer[] {
  return transfers.sort((a, b) => (a.blockNumber === b.blockNumber ? a.logIndex - b.logIndex : a.blockNumber < b.blockNumber ? -1 : 1));
}
