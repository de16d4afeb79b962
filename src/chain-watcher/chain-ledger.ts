import { Injectable } from '@nestjs/common';
import { InjectTransactionHost } from '@nestjs-cls/transactional';
import { ClsService } from 'nestjs-cls';
import { getAddress, type Address, type Hash } from 'viem';
import type { TxHost } from '../common/data/tx-host';
import type { Network } from '../chains/networks';
import type { ChainHead } from '../chains/reading/chain-head';
import type { ObservedSweep } from '../chains/reading/sweep-logs';
import { SweepRecords } from '../collecting/sweep-records';
import { AppConfig } from '../config/app-config';
import { SessionPayments, type ObservedTransfer } from '../sessions/payments/session-payments';
import { ChainBlock } from './chain-block.entity';
import { ChainProgress } from './chain-progress.entity';
import { EthBalance } from './eth-balance.entity';

export interface EthBaseline {
  address: Address;
  balance: bigint;
  blockNumber: bigint;
}

export interface TickOutcome {
  head: ChainHead;
  transfers: readonly ObservedTransfer[];
  sweeps: readonly ObservedSweep[];
  /** Hashes of processed blocks to keep for reorg detection. */
  blocks: ReadonlyMap<bigint, Hash>;
  balances: readonly EthBaseline[];
  settledThrough: bigint;
  /** The last block processed; absent when the head had not moved. */
  processedTo?: { number: bigint; hash: Hash };
}

/** A deposit address the watcher looks at, and whether its session is priced in the network's native coin. */
export interface WatchedAddress {
  address: Address;
  native: boolean;
}

/** How many recent block hashes are kept per network to find where a reorg started. */
export const HASH_WINDOW = 256n;

/**
 * What the watchers keep in PostgreSQL: progress, recent block hashes, ETH baselines, and (through
 * SessionPayments) the payments themselves. Each write is one transaction, so progress never runs
 * ahead of what was recorded, nor behind it.
 */
@Injectable()
export class ChainLedger {
  constructor(
    @InjectTransactionHost() private readonly txHost: TxHost,
    private readonly cls: ClsService,
    private readonly payments: SessionPayments,
    private readonly sweeps: SweepRecords,
    private readonly config: AppConfig,
  ) {}

  progress(network: Network): Promise<ChainProgress | null> {
    return this.txHost.tx.getRepository(ChainProgress).findOneBy({ network: network.name });
  }

  async begin(network: Network, at: { number: bigint; hash: Hash }, head: ChainHead): Promise<ChainProgress> {
    const progress = this.txHost.tx.getRepository(ChainProgress).create({
      network: network.name,
      blockNumber: at.number,
      blockHash: at.hash,
      headNumber: head.number,
      headAdvancedAt: new Date(),
      updatedAt: new Date(),
    });
    await this.txHost.tx.getRepository(ChainProgress).upsert(progress, ['network']);
    await this.txHost.tx.getRepository(ChainBlock).upsert({ network: network.name, blockNumber: at.number, blockHash: at.hash }, ['network', 'blockNumber']);
    return progress;
  }

  /** The stored recent blocks, highest first. */
  recentBlocks(network: Network): Promise<ChainBlock[]> {
    return this.txHost.tx.getRepository(ChainBlock).find({ where: { network: network.name }, order: { blockNumber: 'DESC' } });
  }

  /**
   * The deposit addresses to watch on `network`: sessions of its mode that are open, or closed
   * less than the monitoring window ago (late payments are still recorded). Every session of the
   * mode, whatever its networks: a payment on another network is recorded as unmatched. With
   * `fromId`, only the sessions whose id is at or after it (created then or later).
   */
  async watchedAddresses(network: Network, fromId?: string): Promise<WatchedAddress[]> {
    // As stored: checksummed, as depositAddress() computes them. Checksumming 10,000 again would
    // cost a keccak each, every tick: about 250 ms of CPU per block (viem's cache holds 8,192).
    return (await this.txHost.tx.query(
      `SELECT deposit_address AS address, COALESCE(currency = $3, false) AS native FROM checkout_sessions
        WHERE livemode = $1 AND deposit_address IS NOT NULL ${fromId ? 'AND id >= $4' : ''}
          AND (status = 'open' OR COALESCE(completed_at, expires_at) > now() - make_interval(hours => $2))`,
      [network.mode === 'live', this.config.payments.monitoringHours, network.nativeCurrency?.currency ?? null, ...(fromId ? [fromId] : [])],
    )) as WatchedAddress[];
  }

  /** Which of `addresses` are deposit addresses of this service's sessions in the network's mode. */
  ownedAmong(network: Network, addresses: readonly Address[]): Promise<Set<Address>> {
    return this.sweeps.ownedAmong(network, addresses);
  }

  /** The stored baselines: each balance and the block it was read at. */
  async ethBalances(network: Network, addresses: readonly Address[]): Promise<Map<Address, { balance: bigint; blockNumber: bigint }>> {
    const rows = (await this.txHost.tx.query(`SELECT address, balance, block_number FROM eth_balances WHERE network = $1 AND address = ANY($2)`, [network.name, addresses])) as {
      address: string;
      balance: string;
      block_number: string;
    }[];
    return new Map(rows.map((row) => [getAddress(row.address), { balance: BigInt(row.balance), blockNumber: BigInt(row.block_number) }]));
  }

  /** Records one tick: payments and their events, baselines, hashes, progress and confirmations together. */
  commit(network: Network, outcome: TickOutcome): Promise<void> {
    return this.inTransaction(async () => {
      const now = new Date();
      await this.payments.record(network, outcome.transfers, now);
      // After the payments: a sweep marks those it took, including any found in this same tick.
      await this.sweeps.record(network, outcome.sweeps, now);
      await this.saveBalances(network, outcome.balances);
      // Plain SQL: this runs every block, and TypeORM's save would read the row back first.
      if (outcome.blocks.size > 0) {
        await this.txHost.tx.query(
          `INSERT INTO chain_blocks (network, block_number, block_hash) SELECT $1, * FROM unnest($2::bigint[], $3::text[])
           ON CONFLICT (network, block_number) DO UPDATE SET block_hash = EXCLUDED.block_hash`,
          [network.name, [...outcome.blocks.keys()].map(String), [...outcome.blocks.values()]],
        );
      }
      // In SET, every expression reads the row as it was: head_advanced_at moves only when the head does.
      const [[progress]] = (await this.txHost.tx.query(
        `UPDATE chain_progress SET head_advanced_at = CASE WHEN $2::bigint > head_number THEN $3 ELSE head_advanced_at END,
                head_number = GREATEST(head_number, $2::bigint), block_number = COALESCE($4::bigint, block_number),
                block_hash = COALESCE($5, block_hash), updated_at = $3
          WHERE network = $1 RETURNING block_number`,
        [network.name, outcome.head.number.toString(), now, outcome.processedTo?.number.toString() ?? null, outcome.processedTo?.hash ?? null],
      )) as [[{ block_number: string }], number];
      const processed = BigInt(progress.block_number);
      await this.txHost.tx.query(`DELETE FROM chain_blocks WHERE network = $1 AND block_number <= $2::bigint`, [network.name, (processed - HASH_WINDOW).toString()]);
      const settled = outcome.settledThrough < processed ? outcome.settledThrough : processed;
      await this.payments.confirm(network, settled, outcome.head.number, now);
    });
  }

  /** Rewinds to the reorg's common ancestor: payments above it are orphaned, baselines reset to the ancestor's. */
  rewind(network: Network, ancestor: { number: bigint; hash: Hash }, balances: readonly EthBaseline[], head: ChainHead): Promise<number> {
    return this.inTransaction(async () => {
      await this.sweeps.orphan(network, ancestor.number);
      const orphaned = await this.payments.orphan(network, ancestor.number);
      await this.txHost.tx.query(`DELETE FROM chain_blocks WHERE network = $1 AND block_number > $2::bigint`, [network.name, ancestor.number.toString()]);
      await this.saveBalances(network, balances);
      await this.begin(network, ancestor, head);
      return orphaned;
    });
  }

  private async saveBalances(network: Network, balances: readonly EthBaseline[]): Promise<void> {
    if (balances.length === 0) return;
    const rows = balances.map(({ address, balance, blockNumber }) => ({ network: network.name, address, balance, blockNumber }));
    await this.txHost.tx.getRepository(EthBalance).upsert(rows, ['network', 'address']);
  }

  private inTransaction<T>(work: () => Promise<T>): Promise<T> {
    return this.cls.run(() => this.txHost.withTransaction(work));
  }
}
