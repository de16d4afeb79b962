import { Logger } from '@nestjs/common';
import { getAddress, type Address, type Hash, type PublicClient } from 'viem';
import type { Network, SettlementRule } from '../chains/networks';
import { AdaptiveRange } from '../chains/reading/adaptive-range';
import { readBlockHashes, readHead, type ChainHead } from '../chains/reading/chain-head';
import { findBalanceRise, findPlainTransfer, readEthBalances } from '../chains/reading/native-balances';
import { fetchSweeps, type ObservedSweep } from '../chains/reading/sweep-logs';
import { fetchDepositLogs, type SweptLog } from '../chains/reading/transfer-logs';
import type { ObservedTransfer } from '../sessions/payments/session-payments';
import { balanceDueIn, lastDueBefore } from './balance-schedule';
import { HASH_WINDOW, type ChainLedger, type EthBaseline, type WatchedAddress } from './chain-ledger';
import { settledThrough, tagsFor } from './settlement';
import { WatchedAddresses } from './watched-addresses';

/** Blocks scanned when a network is watched for the first time: payments made just before are not missed. */
const FIRST_LOOKBACK = 128n;
/** How often an idle watcher still writes, so the chain status shows it alive. */
const IDLE_HEARTBEAT_MS = 5_000;
/** The most blocks one tick processes, so a long catch-up commits as it goes. */
const MAX_BLOCKS_PER_TICK = 500n;

export interface TickResult {
  head: bigint;
  /** Blocks processed, 0 when the head had not moved. */
  blocks: number;
  /** More blocks wait behind this tick's: poll again at once. */
  catchingUp: boolean;
  reorgedTo?: bigint;
}

/**
 * One network's watcher (DESIGN.md §13), run by the instance that holds its leader lock. Each tick
 * reads the head, walks back a reorg if the block it stopped at is no longer on the chain, then
 * scans the next blocks: Transfer logs of the catalogue's tokens and the ETH balances of watched
 * deposit addresses. What it found, the new progress and the confirmations commit in one
 * transaction (the ledger), so a crash at any point replays the tick and nothing is counted twice.
 */
export class NetworkWatcher {
  private readonly logger: Logger;
  /** One range per query shape: see fetchDepositLogs. */
  private readonly logRanges = { transfers: new AdaptiveRange(), swept: new AdaptiveRange() };
  private readonly watched: WatchedAddresses;
  private lastWrite = { settled: -1n, at: 0 };

  constructor(
    readonly network: Network,
    private readonly client: PublicClient,
    private readonly rule: SettlementRule,
    private readonly ledger: ChainLedger,
  ) {
    this.logger = new Logger(`NetworkWatcher:${network.name}`);
    this.watched = new WatchedAddresses(network, ledger);
  }

  async tick(): Promise<TickResult> {
    const head = await readHead(this.client, tagsFor(this.rule));
    const progress = (await this.ledger.progress(this.network)) ?? (await this.start(head));
    if (!(await this.stillCanonical(progress.blockNumber, progress.blockHash as Hash, head))) {
      return { head: head.number, blocks: 0, catchingUp: true, reorgedTo: await this.walkBack(head) };
    }
    const from = progress.blockNumber + 1n;
    const to = head.number < from + MAX_BLOCKS_PER_TICK - 1n ? head.number : from + MAX_BLOCKS_PER_TICK - 1n;
    const settled = settledThrough(this.rule, head);
    if (to < from) {
      if (!this.idleWriteDue(settled)) return { head: head.number, blocks: 0, catchingUp: false };
      await this.ledger.commit(this.network, { head, transfers: [], sweeps: [], blocks: new Map(), balances: [], settledThrough: settled });
      this.lastWrite = { settled, at: Date.now() };
      return { head: head.number, blocks: 0, catchingUp: false };
    }
    const watched = await this.watched.current();
    const blocks = await this.blockHashes(from, to, head);
    const logs = await this.depositLogs(watched.lowercase, from, to);
    const sweeps = await fetchSweeps(this.client, logs.swept, (addresses) => this.ledger.ownedAmong(this.network, addresses));
    const eth = await this.ethTransfers(watched.entries, from, to, blocks, sweeps);
    const transfers = [...logs.transfers, ...eth.transfers];
    for (const { blockNumber, blockHash } of [...transfers, ...sweeps]) {
      const known = blocks.get(blockNumber);
      // The chain moved between two reads: the logs and the hashes describe different forks. Next tick.
      if (known && known !== blockHash) throw new Error(`block ${blockNumber} changed while it was read`);
    }
    await this.ledger.commit(this.network, {
      head,
      transfers,
      sweeps,
      blocks,
      balances: eth.balances,
      settledThrough: settled,
      processedTo: { number: to, hash: blocks.get(to)! },
    });
    this.lastWrite = { settled, at: Date.now() };
    return { head: head.number, blocks: Number(to - from + 1n), catchingUp: to < head.number };
  }

  /**
   * A poll that found no new block writes only when it settles something new, or as a heartbeat
   * (`updatedAt` of the chain status): polling at half the block time, half the polls are idle,
   * and a transaction each was most of the watcher's cost.
   */
  private idleWriteDue(settled: bigint): boolean {
    return settled !== this.lastWrite.settled || Date.now() - this.lastWrite.at >= IDLE_HEARTBEAT_MS;
  }

  /** The first tick on a network: start a little behind the head. */
  private async start(head: ChainHead) {
    const number = head.number > FIRST_LOOKBACK ? head.number - FIRST_LOOKBACK : 0n;
    const hash = (await readBlockHashes(this.client, [number])).get(number)!;
    return this.ledger.begin(this.network, { number, hash }, head);
  }

  /** Whether the block the watcher stopped at is still on the chain (from the head itself when it is next). */
  private async stillCanonical(number: bigint, hash: Hash, head: ChainHead): Promise<boolean> {
    if (head.number < number) return false;
    if (head.number === number) return head.hash === hash;
    if (head.number === number + 1n) return head.parentHash === hash;
    return (await readBlockHashes(this.client, [number])).get(number) === hash;
  }

  /**
   * Finds the highest stored block still on the chain, orphans every payment above it and resumes
   * from there. A reorg deeper than the stored window resumes below the window (logged as an error).
   */
  private async walkBack(head: ChainHead): Promise<bigint> {
    const stored = await this.ledger.recentBlocks(this.network);
    const current = await readBlockHashes(this.client, stored.map((block) => block.blockNumber));
    const ancestor = stored.find((block) => current.get(block.blockNumber) === block.blockHash);
    if (!ancestor) this.logger.error({ network: this.network.name }, `a reorg went deeper than the ${HASH_WINDOW} blocks kept; resuming below them`);
    const number = ancestor?.blockNumber ?? (stored.at(-1)?.blockNumber ?? 1n) - 1n;
    const hash = (ancestor?.blockHash as Hash | undefined) ?? (await readBlockHashes(this.client, [number])).get(number)!;
    const balances = this.network.nativeCurrency ? await this.balancesAt(number) : [];
    const orphaned = await this.ledger.rewind(this.network, { number, hash }, balances, head);
    this.logger.warn({ network: this.network.name, ancestor: number.toString(), orphaned }, 'chain reorganised: resuming from the common ancestor');
    return number;
  }

  /** Token payments to the watched addresses, and sweeps out of any deposit address, in [from, to]. */
  private async depositLogs(recipients: ReadonlySet<string>, fromBlock: bigint, toBlock: bigint): Promise<{ transfers: ObservedTransfer[]; swept: SweptLog[] }> {
    const tokens = this.network.tokens.map((token) => token.address);
    const found = await fetchDepositLogs(this.client, { tokens, recipients, fromBlock, toBlock }, this.logRanges);
    const transfers = found.transfers.map((transfer) => ({
      depositAddress: getAddress(transfer.to),
      token: transfer.token,
      from: transfer.from,
      amount: transfer.value,
      txHash: transfer.txHash,
      logIndex: transfer.logIndex,
      blockNumber: transfer.blockNumber,
      blockHash: transfer.blockHash,
    }));
    return { transfers, swept: found.swept };
  }

  /**
   * ETH by balance: one read at `to` of the addresses due (sessions priced in ETH every tick, the
   * others once per balance period: see balance-schedule, and any address swept in the range); an
   * address above its last known balance is bisected to the block(s) where it rose, from the last
   * block where that balance held: `from − 1` for one read every tick, the later of its slot's last
   * block and its stored baseline for the others. Deposit addresses only lose ETH to a sweep, so
   * around each sweep the balance is read just before and at its block: what the sweep took
   * beyond the balance before it, and what is there after, arrived in that block.
   */
  private async ethTransfers(
    watched: readonly WatchedAddress[],
    from: bigint,
    to: bigint,
    blocks: Map<bigint, Hash>,
    sweeps: readonly ObservedSweep[],
  ): Promise<{ transfers: ObservedTransfer[]; balances: EthBaseline[] }> {
    const transfers: ObservedTransfer[] = [];
    const balances: EthBaseline[] = [];
    const sweptAt = ethSweepsByAddress(sweeps);
    const dueNow = balanceDueIn(from, to);
    const due = watched.filter((entry) => entry.native || dueNow(entry.address) || sweptAt.has(entry.address));
    if (!this.network.nativeCurrency || due.length === 0) return { transfers, balances };
    const now = await readEthBalances(this.client, due.map((entry) => entry.address), to);
    // An empty address that no sweep touched is where it was: ETH leaves a deposit address only by
    // a sweep. Only the others' baselines are read (most of 10,000 open sessions hold nothing).
    const moved = due.filter((entry) => (now.get(entry.address) ?? 0n) > 0n || sweptAt.has(entry.address));
    const known = moved.length > 0 ? await this.ledger.ethBalances(this.network, moved.map((entry) => entry.address)) : new Map();
    for (const { address, native } of moved) {
      const balance = now.get(address) ?? 0n;
      const stored = known.get(address);
      const slot = lastDueBefore(address, from);
      let baseline = { balance: stored?.balance ?? 0n, blockNumber: native ? from - 1n : stored && stored.blockNumber > slot ? stored.blockNumber : slot };
      const swept = sweptAt.get(address) ?? [];
      if (balance === baseline.balance && swept.length === 0) continue;
      for (const { blockNumber, eth } of swept) {
        const [before, after] = await Promise.all([
          this.client.getBalance({ address, blockNumber: blockNumber - 1n }),
          this.client.getBalance({ address, blockNumber }),
        ]);
        await this.rises(address, baseline, { blockNumber: blockNumber - 1n, balance: before }, blocks, transfers);
        const arrived = eth - before + after;
        if (arrived > 0n) transfers.push(await this.ethArrival(address, blockNumber, arrived, blocks));
        baseline = { balance: after, blockNumber };
      }
      await this.rises(address, baseline, { blockNumber: to, balance }, blocks, transfers);
      balances.push({ address, balance, blockNumber: to });
    }
    return { transfers, balances };
  }

  /** The ETH payments between a known balance and a later, not lower one: each block where it rose. */
  private async rises(address: Address, baseline: { balance: bigint; blockNumber: bigint }, until: { blockNumber: bigint; balance: bigint }, blocks: Map<bigint, Hash>, transfers: ObservedTransfer[]) {
    while (until.balance > baseline.balance) {
      const rise = await findBalanceRise(this.client, address, { after: baseline.blockNumber, knownBalance: baseline.balance, atOrBefore: until.blockNumber });
      if (!rise) return;
      transfers.push(await this.ethArrival(address, rise.blockNumber, rise.balance - baseline.balance, blocks));
      baseline = rise;
    }
  }

  private async ethArrival(address: Address, blockNumber: bigint, amount: bigint, blocks: Map<bigint, Hash>): Promise<ObservedTransfer> {
    const blockHash = blocks.get(blockNumber) ?? (await readBlockHashes(this.client, [blockNumber])).get(blockNumber)!;
    blocks.set(blockNumber, blockHash);
    return {
      depositAddress: address,
      token: null,
      from: null,
      amount,
      txHash: (await findPlainTransfer(this.client, blockNumber, address)) ?? null,
      logIndex: null,
      blockNumber,
      blockHash,
    };
  }

  /** Balances of the addresses with a stored baseline, at the reorg's ancestor. */
  private async balancesAt(blockNumber: bigint) {
    const addresses = (await this.ledger.watchedAddresses(this.network)).map((entry) => entry.address);
    const balances = await readEthBalances(this.client, addresses, blockNumber);
    return addresses.map((address) => ({ address, balance: balances.get(address) ?? 0n, blockNumber }));
  }

  /** Hashes of the processed blocks worth keeping (the last HASH_WINDOW), from the head when it is the only one. */
  private async blockHashes(from: bigint, to: bigint, head: ChainHead): Promise<Map<bigint, Hash>> {
    const first = to - HASH_WINDOW + 1n > from ? to - HASH_WINDOW + 1n : from;
    if (first === to && to === head.number) return new Map([[to, head.hash]]);
    const numbers: bigint[] = [];
    for (let number = first; number <= to; number += 1n) numbers.push(number);
    return readBlockHashes(this.client, numbers);
  }
}

/** Per address, the blocks where sweeps took ETH from it and how much, in block order (two in one block summed). */
function ethSweepsByAddress(sweeps: readonly ObservedSweep[]): Map<Address, { blockNumber: bigint; eth: bigint }[]> {
  const byAddress = new Map<Address, { blockNumber: bigint; eth: bigint }[]>();
  for (const sweep of [...sweeps].sort((a, b) => (a.blockNumber < b.blockNumber ? -1 : a.blockNumber > b.blockNumber ? 1 : 0))) {
    for (const { depositAddress, eth } of sweep.addresses) {
      const list = byAddress.get(depositAddress) ?? [];
      const last = list.at(-1);
      if (last?.blockNumber === sweep.blockNumber) last.eth += eth;
      else list.push({ blockNumber: sweep.blockNumber, eth });
      byAddress.set(depositAddress, list);
    }
  }
  return byAddress;
}
