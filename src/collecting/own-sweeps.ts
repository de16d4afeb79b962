import { Injectable } from '@nestjs/common';
import { InjectTransactionHost } from '@nestjs-cls/transactional';
import type { Address, Hash, Hex } from 'viem';
import type { TxHost } from '../common/data/tx-host';
import { newId } from '../common/ids/type-id';
import type { Network } from '../chains/networks';
import { SweepRequest } from './sweep-request.entity';
import { Sweep } from './sweep.entity';

/** A signed sweep transaction: what is stored before it is sent, so a crash in between loses nothing. */
export interface SignedSweep {
  txHash: Hash;
  raw: Hex;
  nonce: number;
  maxFeePerGas: bigint;
  maxPriorityFeePerGas: bigint;
}

/**
 * The sweeps this service sends, from the sweeper's side: the one in flight per network (its
 * nonce, its replacements), and operators' requests to sweep now. The chain watcher completes a
 * sweep once it is mined (SweepRecords); this records what the watcher cannot see: a revert, a
 * replacement, a nonce taken by another transaction.
 */
@Injectable()
export class OwnSweeps {
  constructor(@InjectTransactionHost() private readonly txHost: TxHost) {}

  private get sweeps() {
    return this.txHost.tx.getRepository(Sweep);
  }

  /** Ours, sent and not mined yet on `network` (the sweeper keeps one at a time). */
  inFlight(network: Network): Promise<Sweep | null> {
    return this.sweeps.findOne({ where: { network: network.name, status: 'submitted', initiator: 'service' }, order: { id: 'ASC' } });
  }

  async submitted(network: Network, sender: Address, addresses: readonly Address[], signed: SignedSweep): Promise<Sweep> {
    return this.sweeps.save(
      this.sweeps.create({
        id: newId('sweep'),
        livemode: network.mode === 'live',
        network: network.name,
        initiator: 'service',
        status: 'submitted',
        txHash: signed.txHash,
        replacedTxHashes: [],
        rawTransaction: signed.raw,
        sender,
        nonce: signed.nonce,
        plannedAddresses: [...addresses],
        maxFeePerGas: signed.maxFeePerGas,
        maxPriorityFeePerGas: signed.maxPriorityFeePerGas,
        submittedAt: new Date(),
      }),
    );
  }

  /** The same nonce, a higher fee: either transaction may be the one mined, so both hashes are kept. */
  async replaced(sweep: Sweep, signed: SignedSweep): Promise<void> {
    await this.sweeps.update(
      { id: sweep.id, status: 'submitted' },
      {
        txHash: signed.txHash,
        replacedTxHashes: [...sweep.replacedTxHashes, sweep.txHash],
        rawTransaction: signed.raw,
        maxFeePerGas: signed.maxFeePerGas,
        maxPriorityFeePerGas: signed.maxPriorityFeePerGas,
        submittedAt: new Date(),
      },
    );
  }

  /** Mined but reverted: nothing moved, its addresses may be planned again. */
  async failed(sweep: Sweep, mined: { txHash: Hash; blockNumber: bigint; blockHash: Hash; gasUsed: bigint; fee: bigint }): Promise<void> {
    await this.sweeps.update({ id: sweep.id, status: 'submitted' }, { ...mined, status: 'failed', minedAt: new Date() });
  }

  /** Its nonce went to another transaction: it can never be mined. */
  async dropped(sweep: Sweep): Promise<void> {
    await this.sweeps.update({ id: sweep.id, status: 'submitted' }, { status: 'dropped' });
  }

  async request(network: Network): Promise<Date> {
    const requestedAt = new Date();
    await this.txHost.tx.getRepository(SweepRequest).upsert({ network: network.name, requestedAt }, ['network']);
    return requestedAt;
  }

  /** Takes the operator's pending request for `network`, if any. */
  async takeRequest(network: Network): Promise<boolean> {
    const [, deleted] = (await this.txHost.tx.query(`DELETE FROM sweep_requests WHERE network = $1`, [network.name])) as [unknown, number];
    return deleted > 0;
  }
}
