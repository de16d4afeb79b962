import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { AdminUser } from './admin-user.entity';

/** A signed-in browser or script. The cookie holds a random token; only its SHA-256 is stored. */
@Entity('admin_sessions')
export class AdminSession {
  @PrimaryColumn('text')
  id!: string;

  @Index('admin_sessions_admin_id_idx')
  @Column('text', { name: 'admin_id' })
  adminId!: string;

  @ManyToOne(() => AdminUser, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'admin_id' })
  admin?: AdminUser;

  @Index('admin_sessions_token_hash_key', { unique: true })
  @Column('char', { name: 'token_hash', length: 64 })
  tokenHash!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  /** Refreshed at most once a minute; the idle expiry counts from here. */
  @Column('timestamptz', { name: 'last_seen_at' })
  lastSeenAt!: Date;

  /** The absolute expiry, however active the session is. */
  @Column('timestamptz', { name: 'expires_at' })
  expiresAt!: Date;
}
