import { Module } from '@nestjs/common';
import { APP_GUARD, DiscoveryModule } from '@nestjs/core';
import { ApiKeyThrottlerGuard } from '../rate-limit/api-key-throttler.guard';
import { RateLimitModule } from '../rate-limit/rate-limit.module';
import { ApiKeyGuard } from './api-key.guard';
import { ScopeDeclarationCheck } from './scope-declarations.check';

/**
 * Protects `/api/v1` by default: the global scope guard and the start-up
 * check that backs it, then the per-key rate limit. Global guards run in the
 * order they are registered, so the throttler counts only requests that
 * `ApiKeyGuard` let through.
 */
@Module({
  imports: [DiscoveryModule, RateLimitModule],
  providers: [{ provide: APP_GUARD, useClass: ApiKeyGuard }, { provide: APP_GUARD, useClass: ApiKeyThrottlerGuard }, ScopeDeclarationCheck],
  exports: [RateLimitModule],
})
export class AuthModule {}
