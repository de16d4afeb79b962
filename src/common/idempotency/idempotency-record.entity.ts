import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * The stored outcome of one successful idempotent request, per API key and
 * Idempotency-Key. Written in the same transaction as the request's own
 * writes, so it exists exactly when they do. Never holds the raw API key,
 * nor any secret a response showed once.
 */
@Entity('idempotency_records')
@Index('idempotency_records_key_unique', ['apiKeyId', 'key'], { unique: true })
@Index('idempotency_records_created_at_idx', ['createdAt'])
export class IdempotencyRecord {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text', { name: 'api_key_id' })
  apiKeyId!: string;

  @Column('varchar', { length: 255 })
  key!: string;

  /** SHA-256 of method, path and the canonical JSON of the body. */
  @Column('char', { length: 64 })
  fingerprint!: string;

  /** Null while the request still runs: the record is then a claim, held until `leaseUntil`. */
  @Column('smallint', { name: 'response_status', nullable: true })
  responseStatus!: number | null;

  /** The response body's JSON text, so a replay is byte-for-byte the original (jsonb would reorder keys). */
  @Column('text', { name: 'response_body', nullable: true })
  responseBody!: string | null;

  /** Response fields left out of `responseBody` because they held a secret shown once (`secret`). */
  @Column('text', { name: 'omitted_fields', array: true, default: () => "'{}'" })
  omittedFields!: string[];

  /**
   * Set on the claim of a request that calls out, which holds no transaction
   * while it waits on the network: until then a duplicate gets 409; after, the
   * owner is presumed dead and a retry may take over.
   */
  @Column('timestamptz', { name: 'lease_until', nullable: true })
  leaseUntil!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
