import { Check, Column, CreateDateColumn, Entity, Index, OneToMany, PrimaryColumn } from 'typeorm';
import type { Metadata } from '../common/metadata/metadata';
import { AmountColumn } from '../common/money/amount.column';
import { BaseUnitsColumn } from '../common/money/base-units.column';
import { PAYMENT_STATUS_VALUES, type SessionPaymentStatus } from './payments/payment-state';
import { Payment } from './payments/payment.entity';

export const SESSION_STATUSES = ['open', 'complete', 'expired'] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];

@Entity('checkout_sessions')
@Index('checkout_sessions_livemode_id_idx', ['livemode', 'id'])
// List filters by customer / payment link within a mode, newest first (ListCheckoutSessionsQueryDto).
@Index('checkout_sessions_livemode_customer_id_idx', ['livemode', 'customerId', 'id'])
@Index('checkout_sessions_livemode_payment_link_id_idx', ['livemode', 'paymentLinkId', 'id'])
@Index('checkout_sessions_open_expiry_idx', ['expiresAt'], { where: `status = 'open'` })
@Index('checkout_sessions_deposit_address_idx', ['depositAddress'])
@Check('checkout_sessions_status_check', `"status" IN ('open', 'complete', 'expired')`)
@Check('checkout_sessions_payment_status_check', `"payment_status" IN (${PAYMENT_STATUS_VALUES.map((value) => `'${value}'`).join(', ')})`)
export class CheckoutSession {
  @PrimaryColumn('text')
  id!: string;

  @Column('boolean')
  livemode!: boolean;

  /** As stored; an open session past `expiresAt` reads as expired before the sweeper persists it. */
  @Column('varchar', { length: 16 })
  status!: SessionStatus;

  @AmountColumn()
  amount!: string;

  @Column('varchar', { length: 10 })
  currency!: string;

  @Column('text', { name: 'payment_link_id', nullable: true })
  paymentLinkId!: string | null;

  @Column('text', { name: 'customer_id', nullable: true })
  customerId!: string | null;

  @Column('varchar', { name: 'success_url', length: 2048, nullable: true })
  successUrl!: string | null;

  @Column('varchar', { name: 'cancel_url', length: 2048, nullable: true })
  cancelUrl!: string | null;

  @Column('jsonb', { default: {} })
  metadata!: Metadata;

  @Column('timestamptz', { name: 'expires_at' })
  expiresAt!: Date;

  @Column('timestamptz', { name: 'completed_at', nullable: true })
  completedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  /** The networks the session can be paid on, fixed at creation (DESIGN.md §13). */
  @Column('text', { array: true, default: '{}' })
  networks!: string[];

  /** Where its deposit address sends funds when swept: bound into the address, so fixed with it. */
  @Column('text', { name: 'payout_address', nullable: true })
  payoutAddress!: string | null;

  /** Null when the session has no network to be paid on (test mode without a chain). */
  @Column('text', { name: 'deposit_address', nullable: true })
  depositAddress!: string | null;

  /** The currency's decimals on chain: base units = amount × 10^assetDecimals. */
  @Column('smallint', { name: 'asset_decimals' })
  assetDecimals!: number;

  /** Confirmed, matched, on-time payments, in base units (kept in step with `payments`). */
  @BaseUnitsColumn({ name: 'amount_received', default: 0 })
  amountReceived!: bigint;

  /** Seen but not yet settled, in base units. */
  @BaseUnitsColumn({ name: 'amount_pending', default: 0 })
  amountPending!: bigint;

  @Column('varchar', { name: 'payment_status', length: 16, default: 'unpaid' })
  paymentStatus!: SessionPaymentStatus;

  @OneToMany(() => Payment, (payment) => payment.session, { eager: true })
  payments!: Payment[];
}
