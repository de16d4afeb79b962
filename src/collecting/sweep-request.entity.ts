import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * An operator's "sweep now" for a network (`POST /admin/sweeps`), taken by whichever instance
 * leads that network's sweeper at its next round: anything waiting is swept, worth it or not.
 */
@Entity('sweep_requests')
export class SweepRequest {
  @PrimaryColumn('varchar', { length: 32 })
  network!: string;

  @Column('timestamptz', { name: 'requested_at' })
  requestedAt!: Date;
}
