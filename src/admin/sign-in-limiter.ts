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

/**
 * Counts failed sign-ins per email and per client IP in PostgreSQL, so the
 * limit holds across instances. The check runs before the password hash is
 * computed, so a blocked flood costs one indexed read per attempt.
 */
@Injectable()
export class SignInLimiter {
  constructor(@InjectRepository(SignInFailure) private readonly failures: Repository<SignInFailure>) {}

  async assertAllowed(email: string, ip: string): Promise<void> {
    const rows = (await this.failures.query(
      `SELECT ceil(extract(epoch FROM window_started_at + make_interval(mins => $5) - now()))::int AS retry_after
         FROM admin_sign_in_failures
        WHERE window_started_at > now() - make_interval(mins => $5)
          AND ((bucket = $1 AND failures >= $2) OR (bucket = $3 AND failures >= $4))`,
      [emailBucket(email), MAX_FAILURES_PER_EMAIL, `ip:${ip}`, MAX_FAILURES_PER_IP, SIGN_IN_WINDOW_MINUTES],
    )) as { retry_after: number }[];
    if (rows.length === 0) return;
    const retryAfter = Math.max(1, ...rows.map((row) => row.retry_after));
    throw new ApiError(429, 'rate_limited', 'rate_limit_exceeded', 'Too many failed sign-ins. Try again later.', {}, { 'Retry-After': String(retryAfter) });
  }

  async recordFailure(email: string, ip: string): Promise<void> {
    await this.failures.query(
      `INSERT INTO admin_sign_in_failures AS f (bucket, window_started_at, failures)
       SELECT bucket, now(), 1 FROM unnest($1::text[]) AS bucket
       ON CONFLICT (bucket) DO UPDATE SET
         failures = CASE WHEN f.window_started_at <= now() - make_interval(mins => $2) THEN 1 ELSE f.failures + 1 END,
         window_started_at = CASE WHEN f.window_started_at <= now() - make_interval(mins => $2) THEN now() ELSE f.window_started_at END`,
      [[emailBucket(email), `ip:${ip}`], SIGN_IN_WINDOW_MINUTES],
    );
  }

  /** A successful sign-in clears its email's count (not the IP's). */
  async recordSuccess(email: string): Promise<void> {
    await this.failures.delete({ bucket: emailBucket(email) });
  }
}
