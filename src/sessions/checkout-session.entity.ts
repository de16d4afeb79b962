import { Check, Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';
import type { Metadata } from '../common/metadata/metadata';
import { AmountColumn } from '../common/money/amount.column';

export const SESSION_STATUSES = ['open', 'complete', 'expired'] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];

@Entity('checkout_sessions')
@Index('checkout_sessions_livemode_id_idx', ['livemode', 'id'])
@Index('checkout_sessions_open_expiry_idx', ['expiresAt'], { where: `status = 'open'` })
@Check('checkout_sessions_status_check', `"status" IN ('open', 'complete', 'expired')`)
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
}
