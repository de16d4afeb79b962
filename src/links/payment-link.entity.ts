import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';
import type { Metadata } from '../common/metadata/metadata';
import { AmountColumn } from '../common/money/amount.column';

@Entity('payment_links')
@Index('payment_links_livemode_id_idx', ['livemode', 'id'])
export class PaymentLink {
  @PrimaryColumn('text')
  id!: string;

  @Column('boolean')
  livemode!: boolean;

  @Column('varchar', { length: 256 })
  name!: string;

  @AmountColumn()
  amount!: string;

  @Column('varchar', { length: 10 })
  currency!: string;

  /** False once archived, for good. */
  @Column('boolean', { default: true })
  active!: boolean;

  @Column('jsonb', { default: {} })
  metadata!: Metadata;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
