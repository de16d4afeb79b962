import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintText } from '../common/money/base-units.column';

/** The hash of each recent processed block: where a reorg started is the highest block whose hash still matches. */
@Entity('chain_blocks')
export class ChainBlock {
  @PrimaryColumn('varchar', { length: 32 })
  network!: string;

  @PrimaryColumn('bigint', { name: 'block_number', transformer: bigintText })
  blockNumber!: bigint;

  @Column('text', { name: 'block_hash' })
  blockHash!: string;
}
