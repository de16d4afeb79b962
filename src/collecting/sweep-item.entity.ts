import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { BaseUnitsColumn } from '../common/money/base-units.column';
import type { Sweep } from './sweep.entity';

/** What one sweep moved out of one deposit address in one asset, as the chain shows it. */
@Entity('sweep_items')
@Index('sweep_items_deposit_idx', ['depositAddress'])
export class SweepItem {
  @PrimaryColumn('text', { name: 'sweep_id' })
  sweepId!: string;

  @ManyToOne('Sweep', 'items', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'sweep_id' })
  sweep?: Sweep;

  @PrimaryColumn('text', { name: 'deposit_address' })
  depositAddress!: string;

  /** The catalogue's currency code (ETH for the native coin). */
  @PrimaryColumn('varchar', { length: 10 })
  currency!: string;

  @Column('text', { name: 'session_id' })
  sessionId!: string;

  /** The token contract; null for ETH. */
  @Column('text', { name: 'token_address', nullable: true })
  tokenAddress!: string | null;

  @BaseUnitsColumn()
  amount!: bigint;
}
