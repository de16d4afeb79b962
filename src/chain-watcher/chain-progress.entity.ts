import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintText } from '../common/money/base-units.column';

/**
 * How far the watcher of one network has got: the last block processed (and its hash, to notice
 * a reorg under it) and the head it last saw. Written by the leader only; read by every
 * instance's chain status.
 */
@Entity('chain_progress')
export class ChainProgress {
  @PrimaryColumn('varchar', { length: 32 })
  network!: string;

  @Column('bigint', { name: 'block_number', transformer: bigintText })
  blockNumber!: bigint;

  @Column('text', { name: 'block_hash' })
  blockHash!: string;

  @Column('bigint', { name: 'head_number', transformer: bigintText })
  headNumber!: bigint;

  /** When the head last moved forward: the stale-head alarm's clock. */
  @Column('timestamptz', { name: 'head_advanced_at' })
  headAdvancedAt!: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt!: Date;
}
