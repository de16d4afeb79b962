import { Entity, PrimaryColumn, Column } from 'typeorm';
import { BaseUnitsColumn, bigintText } from '../common/money/base-units.column';

/**
 * The ETH balance of a watched deposit address at a processed block: a later balance above it is
 * a payment (ETH arrives by balance, so transfers from contracts count too).
 */
@Entity('eth_balances')
export class EthBalance {
  @PrimaryColumn('varchar', { length: 32 })
  network!: string;

  @PrimaryColumn('text')
  address!: string;

  @BaseUnitsColumn()
  balance!: bigint;

  @Column('bigint', { name: 'block_number', transformer: bigintText })
  blockNumber!: bigint;
}
