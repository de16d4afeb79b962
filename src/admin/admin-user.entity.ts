import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/** A member of the merchant's staff who may use the dashboard and the admin API. */
@Entity('admin_users')
export class AdminUser {
  @PrimaryColumn('text')
  id!: string;

  /** Stored lower-cased; unique. */
  @Index('admin_users_email_key', { unique: true })
  @Column('varchar', { length: 254 })
  email!: string;

  /** Argon2id, in PHC string format. */
  @Column('text', { name: 'password_hash' })
  passwordHash!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
