import { Check, Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';
import type { Mode, Scope } from '../common/auth/scopes';

/** An API key. The key itself is never stored: only its SHA-256 and last four characters. */
@Entity('api_keys')
@Check('api_keys_mode_check', `"mode" IN ('test', 'live')`)
export class ApiKey {
  @PrimaryColumn('text')
  id!: string;

  @Column('varchar', { length: 100 })
  name!: string;

  @Column('varchar', { length: 4 })
  mode!: Mode;

  @Column('text', { array: true })
  scopes!: Scope[];

  @Index('api_keys_secret_hash_key', { unique: true })
  @Column('char', { name: 'secret_hash', length: 64 })
  secretHash!: string;

  @Column('char', { name: 'last4', length: 4 })
  last4!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'last_used_at', nullable: true })
  lastUsedAt!: Date | null;

  @Column('timestamptz', { name: 'revoked_at', nullable: true })
  revokedAt!: Date | null;

  @Column('timestamptz', { name: 'expires_at', nullable: true })
  expiresAt!: Date | null;

  /**
   * SHA-256 of the one-time token of the dashboard form that issued this key,
   * if any: the unique index makes a resubmitted form (a browser's "send
   * again?") a conflict instead of a second key.
   */
  @Index('api_keys_issue_token_key', { unique: true })
  @Column('char', { name: 'issue_token_hash', length: 64, nullable: true })
  issueTokenHash!: string | null;
}
