import { Injectable, Logger } from '@nestjs/common';
import { InjectTransactionHost } from '@nestjs-cls/transactional';
import { getAddress, type Address } from 'viem';
import type { TxHost } from '../common/data/tx-host';
import { newId } from '../common/ids/type-id';
import { assetOfToken, type Network } from '../chains/networks';
import type { ObservedSweep, SweptAddress } from '../chains/reading/sweep-logs';
import { SweepItem } from './sweep-item.entity';
import { Sweep } from './sweep.entity';

/**
 * Sweeps as the chain shows them (DESIGN.md §13), written in the chain watcher's transaction, so a
 * sweep is recorded exactly once with the block that holds it, and a reorg takes it back. A sweep
 * this service sent is completed in place (whichever of its replacements was mined); any other is
 * added as someone else's. Amounts come from the logs, never from what was planned.
 */
@Injectable()
export class SweepRecords {
  private readonly logger = new Logger(SweepRecords.name);

  constructor(@InjectTransactionHost() private readonly txHost: TxHost) {}

  /** Which of `addresses` are deposit addresses of this service's sessions in `network`'s mode. */
  async ownedAmong(network: Network, addresses: readonly Address[]): Promise<Set<Address>> {
    return new Set((await this.sessionsAt(network.mode === 'live', addresses)).keys());
  }

  /** The session of each of `addresses` that is a deposit address in that mode. */
  private async sessionsAt(livemode: boolean, addresses: readonly Address[]): Promise<Map<Address, string>> {
    const rows = (await this.txHost.tx.query(`SELECT id, deposit_address FROM checkout_sessions WHERE livemode = $1 AND deposit_address = ANY($2)`, [
      livemode,
      addresses,
    ])) as { id: string; deposit_address: string }[];
    return new Map(rows.map((row) => [getAddress(row.deposit_address), row.id]));
  }

  async record(network: Network, observed: readonly ObservedSweep[], now = new Date()): Promise<void> {
    for (const seen of observed) {
      const sweeps = this.txHost.tx.getRepository(Sweep);
      const existing = await sweeps
        .createQueryBuilder('s')
        .setLock('pessimistic_write')
        .where('s.network = :network AND (s.tx_hash = :hash OR :hash = ANY(s.replaced_tx_hashes))', { network: network.name, hash: seen.txHash })
        .getOne();
      if (existing?.status === 'mined' && existing.txHash === seen.txHash && existing.blockHash === seen.blockHash) continue;
      const sweep =
        existing ?? sweeps.create({ id: newId('sweep'), livemode: network.mode === 'live', network: network.name, initiator: 'other', nonce: null, rawTransaction: null, submittedAt: null });
      Object.assign(sweep, {
        txHash: seen.txHash,
        status: 'mined',
        sender: seen.sender,
        blockNumber: seen.blockNumber,
        blockHash: seen.blockHash,
        logIndex: seen.logIndex,
        gasUsed: seen.gasUsed,
        fee: seen.fee,
        minedAt: now,
      } satisfies Partial<Sweep>);
      await sweeps.save(sweep);
      await this.txHost.tx.getRepository(SweepItem).delete({ sweepId: sweep.id });
      const items = await this.itemsOf(network, sweep, seen.addresses);
      if (items.length > 0) await this.txHost.tx.getRepository(SweepItem).insert(items);
      await this.markSwept(network, sweep, seen);
      this.logger.log({ network: network.name, sweep: sweep.id, txHash: seen.txHash, initiator: sweep.initiator, addresses: seen.addresses.length }, 'sweep recorded');
    }
  }

  /** Sweeps in blocks above the reorg's common ancestor: ours wait to be mined again, others are forgotten until they reappear. */
  async orphan(network: Network, ancestor: bigint): Promise<void> {
    const above = [network.name, ancestor.toString()];
    await this.txHost.tx.query(`UPDATE payments SET sweep_id = NULL WHERE sweep_id IN (SELECT id FROM sweeps WHERE network = $1 AND block_number > $2::bigint)`, above);
    await this.txHost.tx.query(
      `DELETE FROM sweep_items WHERE sweep_id IN (SELECT id FROM sweeps WHERE network = $1 AND block_number > $2::bigint AND initiator = 'service')`,
      above,
    );
    await this.txHost.tx.query(
      `UPDATE sweeps SET status = 'submitted', block_number = NULL, block_hash = NULL, log_index = NULL, gas_used = NULL, fee = NULL, mined_at = NULL
        WHERE network = $1 AND block_number > $2::bigint AND initiator = 'service'`,
      above,
    );
    await this.txHost.tx.query(`DELETE FROM sweeps WHERE network = $1 AND block_number > $2::bigint AND initiator = 'other'`, above);
  }

  /**
   * A sweep empties its addresses: every payment that reached them before it (an earlier block, or
   * an earlier log in its block; ETH of its own block was in the swept amount) has been taken on.
   */
  private async markSwept(network: Network, sweep: Sweep, seen: ObservedSweep): Promise<void> {
    await this.txHost.tx.query(
      `UPDATE payments SET sweep_id = $1
        WHERE network = $2 AND deposit_address = ANY($3) AND sweep_id IS NULL AND status <> 'reorged'
          AND (block_number < $4::bigint OR (block_number = $4::bigint AND (log_index IS NULL OR log_index < $5)))`,
      [sweep.id, network.name, seen.addresses.map((entry) => entry.depositAddress), seen.blockNumber.toString(), seen.logIndex],
    );
  }

  private async itemsOf(network: Network, sweep: Sweep, addresses: readonly SweptAddress[]): Promise<SweepItem[]> {
    const sessionOf = await this.sessionsAt(sweep.livemode, addresses.map((entry) => entry.depositAddress));
    const items: SweepItem[] = [];
    for (const swept of addresses) {
      const sessionId = sessionOf.get(swept.depositAddress);
      if (!sessionId) continue;
      const moved = [...(swept.eth > 0n ? [{ token: null, amount: swept.eth }] : []), ...swept.tokens];
      for (const { token, amount } of moved) {
        const asset = assetOfToken(network, token);
        // A token outside the catalogue reached the payout too, but it is no currency here.
        if (!asset || amount === 0n) continue;
        items.push(
          this.txHost.tx.getRepository(SweepItem).create({ sweepId: sweep.id, depositAddress: swept.depositAddress, currency: asset.currency, sessionId, tokenAddress: token, amount }),
        );
      }
    }
    return items;
  }
}
