import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { ApiError } from '../common/errors/api-error';
import { SignInFailure } from './sign-in-failure.entity';

export const SIGN_IN_WINDOW_MINUTES = 15;
export const MAX_FAILURES_PER_EMAIL = 5;
export const MAX_FAILURES_PER_IP = 20;

function emailBucket(email: string): string {
  return `email:${createHash('sha256').update(email.toLowerCase()).digest('hex')}`;
}

function ipBucket(ip: string): string {
  return `ip:${ip}`;
}

/**
 * Limits sign-in attempts per email and per client IP, counted in PostgreSQL
 * so the limits hold across instances. An attempt is counted *before* its
 * password is checked, in one atomic upsert, so a burst of parallel guesses
 * cannot all slip past the check; a successful sign-in then takes its count
 * back. A refused attempt costs one statement and no password hash.
 */
@Injectable()
export class SignInLimiter {
  constructor(@InjectRepository(SignInFailure) private readonly failures: Repository<SignInFailure>) {}

  async reserveAttempt(email: string, ip: string): Promise<void> {
    const rows = (await this.failures.query(
      `INSERT INTO admin_sign_in_failures AS f (bucket, window_started_at, failures)
       SELECT bucket, now(), 1 FROM unnest($1::text[]) AS bucket
       ON CONFLICT (bucket) DO UPDATE SET
         failures = CASE WHEN f.window_started_at <= now() - make_interval(mins => $2) THEN 1 ELSE f.failures + 1 END,
         window_started_at = CASE WHEN f.window_started_at <= now() - make_interval(mins => $2) THEN now() ELSE f.window_started_at END
       RETURNING bucket, failures, ceil(extract(epoch FROM window_started_at + make_interval(mins => $2) - now()))::int AS retry_after`,
      [[emailBucket(email), ipBucket(ip)], SIGN_IN_WINDOW_MINUTES],
    )) as { bucket: string; failures: number; retry_after: number }[];
    const over = rows.filter((row) => row.failures > (row.bucket.startsWith('ip:') ? MAX_FAILURES_PER_IP : MAX_FAILURES_PER_EMAIL));
    if (over.length === 0) return;
    const retryAfter = Math.max(1, ...over.map((row) => row.retry_after));
    throw new ApiError(429, 'rate_limited', 'rate_limit_exceeded', 'Too many failed sign-ins. Try again later.', {}, { 'Retry-After': String(retryAfter) });
  }

  /** The attempt succeeded: its email starts afresh and the IP gets its attempt back. */
  async recordSuccess(email: string, ip: string): Promise<void> {
    await this.failures.delete({ bucket: emailBucket(email) });
    await this.failures.query('UPDATE admin_sign_in_failures SET failures = greatest(failures - 1, 0) WHERE bucket = $1', [ipBucket(ip)]);
  }
}
