import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';
import type { Metadata } from '../common/metadata/metadata';

@Entity('customers')
@Index('customers_livemode_id_idx', ['livemode', 'id'])
export class Customer {
  @PrimaryColumn('text')
  id!: string;

  @Column('boolean')
  livemode!: boolean;

  @Column('varchar', { length: 254, nullable: true })
  email!: string | null;

  @Column('varchar', { length: 256, nullable: true })
  name!: string | null;

  @Column('jsonb', { default: {} })
  metadata!: Metadata;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
