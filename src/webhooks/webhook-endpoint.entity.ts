import { Column, CreateDateColumn, DeleteDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';
import type { EventType } from '../events/event-types';

/** Every event type, for an endpoint that wants them all. */
export const ALL_EVENTS = '*';

export type EnabledEvent = EventType | typeof ALL_EVENTS;

export const WEBHOOK_ENDPOINT_STATUSES = ['enabled', 'disabled'] as const;

export type WebhookEndpointStatus = (typeof WEBHOOK_ENDPOINT_STATUSES)[number];

/** The context a replaced secret is sealed with: distinct from the current one's, so neither column's ciphertext opens in the other. */
export function previousSecretContext(endpointId: string): string {
  return `${endpointId}:previous`;
}

/**
 * Where a merchant receives events. Deleting one only sets `deletedAt`, so the
 * deliveries made to it keep their endpoint; deleted rows are invisible to
 * every read (TypeORM filters them out).
 */
@Entity('webhook_endpoints')
@Index('webhook_endpoints_livemode_id_idx', ['livemode', 'id'])
export class WebhookEndpoint {
  @PrimaryColumn('text')
  id!: string;

  @Column('boolean')
  livemode!: boolean;

  @Column('varchar', { length: 2048 })
  url!: string;

  @Column('text', { name: 'enabled_events', array: true })
  enabledEvents!: EnabledEvent[];

  @Column('varchar', { length: 500, nullable: true })
  description!: string | null;

  @Column('varchar', { length: 16, default: 'enabled' })
  status!: WebhookEndpointStatus;

  /** The signing secret, sealed by `SecretBox` with the endpoint id as context; never in clear. */
  @Column('text', { name: 'secret_ciphertext' })
  secretCiphertext!: string;

  /**
   * The secret a roll replaced, sealed with `<id>:previous` as context: it still signs deliveries, beside
   * the current one, until `previousSecretExpiresAt`. Null when no roll left one in use.
   */
  @Column('text', { name: 'previous_secret_ciphertext', nullable: true })
  previousSecretCiphertext!: string | null;

  @Column('timestamptz', { name: 'previous_secret_expires_at', nullable: true })
  previousSecretExpiresAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @DeleteDateColumn({ name: 'deleted_at', type: 'timestamptz' })
  deletedAt!: Date | null;
}
