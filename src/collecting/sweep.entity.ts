import { Check, Column, Entity, Index, OneToMany, PrimaryColumn } from 'typeorm';
import { BaseUnitsColumn, bigintText } from '../common/money/base-units.column';
import type { SweepItem } from './sweep-item.entity';

export const SWEEP_STATUSES = ['submitted', 'mined', 'failed', 'dropped'] as const;
/**
 * `submitted`: ours, sent, not in a block yet (or its block was reorged away); `mined`: in a block,
 * its items recorded from the chain; `failed`: mined but reverted; `dropped`: its nonce went to
 * another transaction, so it never will be mined.
 */
export type SweepStatus = (typeof SWEEP_STATUSES)[number];

/**
 * One transaction that emptied deposit addresses into their payout addresses (DESIGN.md §13):
 * sent by this service's automatic sweeper (`initiator = 'service'`), or by anyone else — the
 * operator's CLI, a third party — and recognised by the chain watcher from the factory's `Swept`
 * logs. What it moved is in its items, read from the chain, never from what was planned.
 */
@Entity('sweeps')
@Index('sweeps_network_tx_key', ['network', 'txHash'], { unique: true })
@Index('sweeps_in_flight_idx', ['network'], { where: `status = 'submitted'` })
@Index('sweeps_livemode_id_idx', ['livemode', 'id'])
@Check('sweeps_status_check', `"status" IN ('submitted', 'mined', 'failed', 'dropped')`)
@Check('sweeps_initiator_check', `"initiator" IN ('service', 'other')`)
export class Sweep {
  @PrimaryColumn('text')
  id!: string;

  @Column('boolean')
  livemode!: boolean;

  @Column('varchar', { length: 32 })
  network!: string;

  @Column('varchar', { length: 8 })
  initiator!: 'service' | 'other';

  @Column('varchar', { length: 16 })
  status!: SweepStatus;

  /** The transaction that was mined, or the latest one sent while none is. */
  @Column('text', { name: 'tx_hash' })
  txHash!: string;

  /** Ours only: the transactions it replaced with a higher fee (same nonce); any of them may be the one mined. */
  @Column('text', { name: 'replaced_tx_hashes', array: true, default: () => "'{}'" })
  replacedTxHashes!: string[];

  /** Ours only: the signed transaction, sent again after a restart if the node lost it. */
  @Column('text', { name: 'raw_transaction', nullable: true })
  rawTransaction!: string | null;

  @Column('text', { name: 'sender' })
  sender!: string;

  @Column('integer', { nullable: true })
  nonce!: number | null;

  /** Ours only: the addresses it was sent to empty, so no other sweep is planned for them meanwhile. */
  @Column('text', { name: 'planned_addresses', array: true, default: () => "'{}'" })
  plannedAddresses!: string[];

  @BaseUnitsColumn({ name: 'max_fee_per_gas', nullable: true })
  maxFeePerGas!: bigint | null;

  @BaseUnitsColumn({ name: 'max_priority_fee_per_gas', nullable: true })
  maxPriorityFeePerGas!: bigint | null;

  @Column('bigint', { name: 'block_number', nullable: true, transformer: bigintText })
  blockNumber!: bigint | null;

  @Column('text', { name: 'block_hash', nullable: true })
  blockHash!: string | null;

  /** The `Swept` log's index of the first address: payments after it in the same block are not in this sweep. */
  @Column('integer', { name: 'log_index', nullable: true })
  logIndex!: number | null;

  @Column('bigint', { name: 'gas_used', nullable: true, transformer: bigintText })
  gasUsed!: bigint | null;

  /** What the gas cost, in wei of the network's gas coin. */
  @BaseUnitsColumn({ name: 'fee', nullable: true })
  fee!: bigint | null;

  @Column('timestamptz', { name: 'submitted_at', nullable: true })
  submittedAt!: Date | null;

  @Column('timestamptz', { name: 'mined_at', nullable: true })
  minedAt!: Date | null;

  @OneToMany('SweepItem', 'sweep', { cascade: ['insert'] })
  items?: SweepItem[];
}
