import { Logger, Module } from '@nestjs/common';
import type { ExecutionContext } from '@nestjs/common';
import { ThrottlerModule, ThrottlerModuleOptions } from '@nestjs/throttler';
import type { Request } from 'express';
import { AppConfig } from '../../config/app-config';
import { authenticatedKeyOf } from '../auth/authenticated-key';
import { AuthFailureLimiter } from './auth-failure-limiter';
import { MemoryRateLimitStorage } from './memory-rate-limit.storage';
import { RATE_LIMIT_WINDOW_MS } from './rate-limit-headers';
import { RateLimitStorage } from './rate-limit.storage';
import { RedisRateLimitStorage } from './redis-rate-limit.storage';

/** Redis when `REDIS_URL` is set (shared by every instance), else this process's memory. */
@Module({
  providers: [
    {
      provide: RateLimitStorage,
      inject: [AppConfig],
      useFactory: (config: AppConfig): RateLimitStorage => {
        if (!config.redisUrl) return new MemoryRateLimitStorage();
        new Logger('RateLimit').log('rate-limit counters are shared in Redis (REDIS_URL)');
        return new RedisRateLimitStorage(config.redisUrl, config.redisKeyPrefix);
      },
    },
  ],
  exports: [RateLimitStorage],
})
export class RateLimitStorageModule {}

function throttlerOptions(config: AppConfig, storage: RateLimitStorage): ThrottlerModuleOptions {
  const { live, test, disabled } = config.rateLimits;
  return {
    storage,
    // ApiKeyThrottlerGuard sets the IETF draft's RateLimit-* headers itself.
    setHeaders: false,
    skipIf: () => disabled,
    throttlers: [
      {
        ttl: RATE_LIMIT_WINDOW_MS,
        limit: (context: ExecutionContext) => (authenticatedKeyOf(context.switchToHttp().getRequest<Request>())?.livemode ? live : test),
      },
    ],
  };
}

/**
 * The storage, @nestjs/throttler configured on it, and the per-address limit
 * on failed authentication. `AuthModule` registers `ApiKeyThrottlerGuard`
 * after `ApiKeyGuard`, so a request is counted only once it is authenticated
 * and allowed.
 */
@Module({
  imports: [
    RateLimitStorageModule,
    ThrottlerModule.forRootAsync({ imports: [RateLimitStorageModule], inject: [AppConfig, RateLimitStorage], useFactory: throttlerOptions }),
  ],
  providers: [AuthFailureLimiter],
  exports: [AuthFailureLimiter],
})
export class RateLimitModule {}
