import { Check, Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

export const DELIVERY_STATUSES = ['pending', 'succeeded', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** One attempt to deliver, as the merchant sees it. */
export interface DeliveryAttempt {
  attempt: number;
  /** When it was sent. */
  at: string;
  /** The receiver's HTTP status, or null when there was none (timeout, refused, connection error). */
  responseStatus: number | null;
  durationMs: number;
  /**
   * At most the first 1 KB of the receiver's answer as text (`storableAnswer`); null when there was
   * none or it came from a non-public address.
   */
  responseBody: string | null;
  error: string | null;
}

/**
 * The outbox row of one event for one endpoint, written in the event's
 * transaction. Workers, and a manual retry, claim a row with a lease
 * (`lease_until`, `lease_token`) before sending, so one delivery is never
 * sent by two at once; a worker that dies mid-attempt loses its claim when
 * the lease runs out, and another worker delivers again — at least once,
 * with the same `webhook-id`.
 */
@Entity('webhook_deliveries')
@Index('webhook_deliveries_due_idx', ['nextAttemptAt'], { where: `status = 'pending'` })
@Index('webhook_deliveries_endpoint_idx', ['livemode', 'endpointId', 'id'])
@Check('webhook_deliveries_status_check', `"status" IN ('pending', 'succeeded', 'failed')`)
export class WebhookDelivery {
  @PrimaryColumn('text')
  id!: string;

  @Column('boolean')
  livemode!: boolean;

  @Column('text', { name: 'endpoint_id' })
  endpointId!: string;

  @Column('text', { name: 'event_id' })
  eventId!: string;

  @Column('varchar', { name: 'event_type', length: 64 })
  eventType!: string;

  @Column('varchar', { length: 16 })
  status!: DeliveryStatus;

  /** Attempts recorded so far (each one appended to `attemptLog` in the same statement). */
  @Column('integer', { default: 0 })
  attempts!: number;

  @Column('timestamptz', { name: 'next_attempt_at', nullable: true })
  nextAttemptAt!: Date | null;

  @Column('timestamptz', { name: 'lease_until', nullable: true })
  leaseUntil!: Date | null;

  /** Who holds the lease (one token per claim): only its holder clears it. */
  @Column('uuid', { name: 'lease_token', nullable: true })
  leaseToken!: string | null;

  @Column('jsonb', { name: 'attempt_log', default: [] })
  attemptLog!: DeliveryAttempt[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
