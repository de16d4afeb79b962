import { Module } from '@nestjs/common';
import { APP_GUARD, DiscoveryModule } from '@nestjs/core';
import { RateLimitModule } from '../rate-limit/rate-limit.module';
import { ApiKeyGuard } from './api-key.guard';
import { ScopeDeclarationCheck } from './scope-declarations.check';

/**
 * Protects `/api/v1` by default: the global scope guard and the start-up
 * check that backs it. Authentication and the rate limits (RateLimitModule)
 * run earlier, in `ApiKeyAuthMiddleware`.
 */
@Module({
  imports: [DiscoveryModule, RateLimitModule],
  providers: [{ provide: APP_GUARD, useClass: ApiKeyGuard }, ScopeDeclarationCheck],
  exports: [RateLimitModule],
})
export class AuthModule {}
