import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Sign-in attempts counted against the limits in the current window (failed
 * ones, and ones still being checked), per bucket: `email:<sha256>`,
 * `ip:<address>` or `email-ip:<sha256>:<address>`. Emails are hashed so a
 * password typed into the email field is not kept.
 */
@Entity('admin_sign_in_failures')
export class SignInFailure {
  @PrimaryColumn('text')
  bucket!: string;

  @Column('timestamptz', { name: 'window_started_at' })
  windowStartedAt!: Date;

  @Column('integer')
  failures!: number;
}
