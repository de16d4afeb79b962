import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { ApiError } from '../common/errors/api-error';
import { SignInFailure } from './sign-in-failure.entity';

export const SIGN_IN_WINDOW_MINUTES = 15;
export const MAX_FAILURES_PER_EMAIL = 5;
export const MAX_FAILURES_PER_IP = 20;

function emailHash(email: string): string {
  return createHash('sha256').update(email.toLowerCase()).digest('hex');
}

/** The buckets one attempt counts in: its email, its address, and that email from that address. */
function bucketsOf(email: string, ip: string): { email: string; ip: string; pair: string } {
  return { email: `email:${emailHash(email)}`, ip: `ip:${ip}`, pair: `email-ip:${emailHash(email)}:${ip}` };
}

/**
 * Limits sign-in attempts, counted in PostgreSQL so the limits hold across
 * instances, in 15-minute windows: 20 failures per client address; 5 per
 * email from one address; and once an email has had 5 failures from anywhere,
 * further attempts for it only from addresses that have not failed for it —
 * so guesses stay limited, yet a flood of wrong passwords from elsewhere
 * cannot lock the real admin out. An attempt is counted *before* its password
 * is checked, in one atomic upsert, so a burst of parallel guesses cannot all
 * slip past the check; a successful sign-in then takes its count back. A
 * refused attempt costs one statement and no password hash.
 */
@Injectable()
export class SignInLimiter {
  constructor(@InjectRepository(SignInFailure) private readonly failures: Repository<SignInFailure>) {}

  async reserveAttempt(email: string, ip: string): Promise<void> {
    const buckets = bucketsOf(email, ip);
    const rows = (await this.failures.query(
      `INSERT INTO admin_sign_in_failures AS f (bucket, window_started_at, failures)
       SELECT bucket, now(), 1 FROM unnest($1::text[]) AS bucket
       ON CONFLICT (bucket) DO UPDATE SET
         failures = CASE WHEN f.window_started_at <= now() - make_interval(mins => $2) THEN 1 ELSE f.failures + 1 END,
         window_started_at = CASE WHEN f.window_started_at <= now() - make_interval(mins => $2) THEN now() ELSE f.window_started_at END
       RETURNING bucket, failures, ceil(extract(epoch FROM window_started_at + make_interval(mins => $2) - now()))::int AS retry_after`,
      [[buckets.email, buckets.ip, buckets.pair], SIGN_IN_WINDOW_MINUTES],
    )) as { bucket: string; failures: number; retry_after: number }[];
    const row = (bucket: string) => rows.find((candidate) => candidate.bucket === bucket)!;
    const [byEmail, byIp, byPair] = [row(buckets.email), row(buckets.ip), row(buckets.pair)];
    // This attempt is already in each count: "has failed for this email before" is a pair count above 1.
    const over: { retry_after: number }[] = [];
    if (byIp.failures > MAX_FAILURES_PER_IP) over.push(byIp);
    if (byPair.failures > MAX_FAILURES_PER_EMAIL) over.push(byPair);
    if (byEmail.failures > MAX_FAILURES_PER_EMAIL && byPair.failures > 1) over.push(byEmail, byPair);
    if (over.length === 0) return;
    const retryAfter = Math.max(1, ...over.map((bucket) => bucket.retry_after));
    throw new ApiError(429, 'rate_limited', 'rate_limit_exceeded', 'Too many failed sign-ins. Try again later.', {}, { 'Retry-After': String(retryAfter) });
  }

  /** The attempt succeeded: its email and its address for that email start afresh, and the address gets its attempt back. */
  async recordSuccess(email: string, ip: string): Promise<void> {
    const buckets = bucketsOf(email, ip);
    await this.failures.delete({ bucket: In([buckets.email, buckets.pair]) });
    await this.failures.query('UPDATE admin_sign_in_failures SET failures = greatest(failures - 1, 0) WHERE bucket = $1', [buckets.ip]);
  }
}
