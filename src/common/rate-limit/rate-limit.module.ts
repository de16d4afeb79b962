import { Logger, Module } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { ApiKeyRateLimiter } from './api-key-rate-limiter';
import { AuthFailureLimiter } from './auth-failure-limiter';
import { KeyLookupAdmission } from './key-lookup-admission';
import { MemoryRateLimitStorage } from './memory-rate-limit.storage';
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

/**
 * The storage, the per-key limit, the per-address limit on failed
 * authentication and the admission of key lookups it protects the database
 * with; `ApiKeyAuthMiddleware` applies them.
 */
@Module({
  imports: [RateLimitStorageModule],
  providers: [AuthFailureLimiter, ApiKeyRateLimiter, KeyLookupAdmission],
  exports: [AuthFailureLimiter, ApiKeyRateLimiter, KeyLookupAdmission],
})
export class RateLimitModule {}
