import { Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { Redis } from 'ioredis';
import { RateLimitStorage, WindowHit } from './rate-limit.storage';

/**
 * Count and expiry in one atomic step and one round trip: INCR, then PEXPIRE
 * when the key has no expiry yet (it is new), returning the count and the
 * window's remaining milliseconds. Two instances can never both see count 1.
 */
const HIT_SCRIPT = `
local count = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {count, ttl}
`;

/** What a slow or unreachable Redis may add to a request, at most. */
const COMMAND_TIMEOUT_MS = 100;
const CONNECT_TIMEOUT_MS = 500;
const WARNING_INTERVAL_MS = 10_000;

type WithHitCommand = Redis & { rateLimitHit(key: string, windowMs: number): Promise<[number, number]> };

/**
 * Counters shared by every instance (`REDIS_URL`). Any Redis failure fails
 * open: the request is allowed, and a warning is logged at most every 10 s.
 * Commands are never queued while disconnected, so an unreachable Redis
 * costs a request nothing and a hung one at most the command timeout.
 */
export class RedisRateLimitStorage extends RateLimitStorage implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(RedisRateLimitStorage.name);
  private readonly redis: WithHitCommand;
  private lastWarningAt = 0;
  private failing = false;
  private started: Promise<void> | undefined;

  constructor(
    url: string,
    private readonly keyPrefix: string,
  ) {
    super();
    this.redis = new Redis(url, {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      autoResendUnfulfilledCommands: false,
      commandTimeout: COMMAND_TIMEOUT_MS,
      connectTimeout: CONNECT_TIMEOUT_MS,
      disconnectTimeout: CONNECT_TIMEOUT_MS,
      retryStrategy: (attempt) => Math.min(attempt * 100, 1000),
    }) as WithHitCommand;
    this.redis.defineCommand('rateLimitHit', { numberOfKeys: 1, lua: HIT_SCRIPT });
    this.redis.on('error', (error: Error) => this.warn(error));
    this.redis.on('ready', () => {
      if (!this.failing) return;
      this.failing = false;
      this.logger.log('Redis answers again: rate limits are enforced');
    });
  }

  /**
   * Waits briefly for the connection so the first requests are counted, but
   * never blocks the start for long.
   */
  onModuleInit(): Promise<void> {
    this.started ??= this.connect();
    return this.started;
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.redis.status === 'ready') await this.redis.quit().catch(() => this.redis.disconnect());
    else this.redis.disconnect();
  }

  async hit(key: string, windowMs: number): Promise<WindowHit> {
    try {
      const [count, resetMs] = await this.redis.rateLimitHit(`${this.keyPrefix}rate-limit:${key}`, windowMs);
      return { count, resetMs };
    } catch (error) {
      this.warn(error);
      return { count: 0, resetMs: windowMs };
    }
  }

  private async connect(): Promise<void> {
    const connected = this.redis.connect().then(
      () => true,
      () => false,
    );
    const timedOut = new Promise<boolean>((resolve) => setTimeout(resolve, CONNECT_TIMEOUT_MS * 2, false).unref());
    if (!(await Promise.race([connected, timedOut]))) this.warn(new Error('Redis did not answer at start'));
  }

  private warn(error: unknown): void {
    this.failing = true;
    const now = Date.now();
    if (now - this.lastWarningAt < WARNING_INTERVAL_MS) return;
    this.lastWarningAt = now;
    this.logger.warn({ err: error }, 'Redis unavailable: rate limits are not enforced until it answers (failing open)');
  }
}
