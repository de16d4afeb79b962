import { getAddress, parseAbiItem, type Address, type Hash, type PublicClient } from 'viem';
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

const transferEvent = parseAbiItem('event Transfer(address indexed from, address indexed to, uint256 value)');

/**
 * The Transfer logs of `tokens` to any of `recipients` in [fromBlock, toBlock], ordered by block
 * and log index. Logs flagged `removed` (reorged away) are left out; the caller detects reorgs by
 * block hash. One eth_getLogs per range window, whatever the number of recipients.
 */
export async function fetchTransfers(client: PublicClient, query: TransferQuery, range: AdaptiveRange): Promise<TokenTransfer[]> {
  const recipients = query.recipients instanceof Set ? query.recipients : new Set((query.recipients as readonly Address[]).map((address) => address.toLowerCase()));
  if (query.tokens.length === 0 || recipients.size === 0 || query.fromBlock > query.toBlock) return [];
  const to = recipients.size <= RECIPIENTS_PER_FILTER ? [...recipients].map((address) => getAddress(address)) : undefined;
  const transfers = await range.collect(query.fromBlock, query.toBlock, async (fromBlock, toBlock) => {
    // strict: a log that does not decode as a standard Transfer (an ERC-721 one has a third indexed topic) is dropped.
    const logs = await client.getLogs({ address: [...query.tokens], event: transferEvent, args: to && { to }, fromBlock, toBlock, strict: true });
    return logs
      .filter((log) => !log.removed && recipients.has(log.args.to.toLowerCase()))
      .map((log) => ({
        token: getAddress(log.address),
        from: log.args.from,
        to: log.args.to,
        value: log.args.value,
        txHash: log.transactionHash,
        logIndex: log.logIndex,
        blockNumber: log.blockNumber,
        blockHash: log.blockHash,
      }));
  });
  return transfers.sort((a, b) => (a.blockNumber === b.blockNumber ? a.logIndex - b.logIndex : a.blockNumber < b.blockNumber ? -1 : 1));
}
