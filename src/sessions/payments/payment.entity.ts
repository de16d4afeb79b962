import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { BaseUnitsColumn, bigintText } from '../../common/money/base-units.column';
import type { CheckoutSession } from '../checkout-session.entity';

export const PAYMENT_STATUSES = ['pending', 'confirmed', 'reorged'] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

/**
 * One transfer into a session's deposit address, as the chain watcher saw it (DESIGN.md §13).
 * A token transfer is identified by its log, a plain ETH send by its transaction, ETH a contract
 * sent (no transaction of its own to point at) by the block where the balance rose: each is
 * recorded once, whatever the restarts, reorgs and instances.
 */
@Entity('payments')
@Index('payments_log_key', ['network', 'txHash', 'logIndex'], { unique: true, where: `log_index IS NOT NULL` })
@Index('payments_native_tx_key', ['network', 'txHash', 'depositAddress'], { unique: true, where: `log_index IS NULL AND tx_hash IS NOT NULL` })
@Index('payments_native_block_key', ['network', 'depositAddress', 'blockNumber'], { unique: true, where: `tx_hash IS NULL` })
@Index('payments_session_idx', ['sessionId'])
@Index('payments_unswept_idx', ['network', 'depositAddress'], { where: `sweep_id IS NULL AND status <> 'reorged'` })
@Check('payments_status_check', `"status" IN ('pending', 'confirmed', 'reorged')`)
export class Payment {
  @PrimaryColumn('text')
  id!: string;

  @Column('text', { name: 'session_id' })
  sessionId!: string;

  @ManyToOne('CheckoutSession', 'payments', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'session_id' })
  session?: CheckoutSession;

  @Column('boolean')
  livemode!: boolean;

  @Column('varchar', { length: 32 })
  network!: string;

  @Column('varchar', { length: 10 })
  currency!: string;

  /** The token contract; null for the native coin. */
  @Column('text', { name: 'token_address', nullable: true })
  tokenAddress!: string | null;

  @Column('text', { name: 'deposit_address' })
  depositAddress!: string;

  /** Null only for ETH a contract sent: no transaction of the payer's own caused it. */
  @Column('text', { name: 'tx_hash', nullable: true })
  txHash!: string | null;

  /** The Transfer log's index in its block; null for the native coin. */
  @Column('integer', { name: 'log_index', nullable: true })
  logIndex!: number | null;

  @Column('text', { name: 'from_address', nullable: true })
  fromAddress!: string | null;

  @BaseUnitsColumn()
  amount!: bigint;

  @Column('bigint', { name: 'block_number', transformer: bigintText })
  blockNumber!: bigint;

  @Column('text', { name: 'block_hash' })
  blockHash!: string;

  /** How deep the block was when the watcher last looked (frozen once confirmed). */
  @Column('integer', { default: 0 })
  confirmations!: number;

  @Column('varchar', { length: 16 })
  status!: PaymentStatus;

  /** Paid in the session's currency on one of its networks: only such payments count. */
  @Column('boolean')
  matched!: boolean;

  /** Arrived after the session had closed (expired or complete): recorded, never counted. */
  @Column('boolean')
  late!: boolean;

  @Column('timestamptz', { name: 'detected_at' })
  detectedAt!: Date;

  @Column('timestamptz', { name: 'confirmed_at', nullable: true })
  confirmedAt!: Date | null;

  /** The sweep that took it on to the payout address; null while it waits at the deposit address. */
  @Column('text', { name: 'sweep_id', nullable: true })
  sweepId!: string | null;
}
