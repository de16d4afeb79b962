import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';
import type { EventType } from './event-types';

/** Something that happened to an API object, with the object as it was just after. */
@Entity('events')
@Index('events_livemode_id_idx', ['livemode', 'id'])
@Index('events_livemode_type_id_idx', ['livemode', 'type', 'id'])
@Index('events_created_at_idx', ['createdAt'])
export class Event {
  @PrimaryColumn('text')
  id!: string;

  @Column('boolean')
  livemode!: boolean;

  @Column('varchar', { length: 64 })
  type!: EventType;

  /** `{ object }`: the API object's JSON as `GET` returned it right after the change. */
  @Column('jsonb')
  data!: { object: Record<string, unknown>; previousAttributes?: Record<string, unknown> };

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
