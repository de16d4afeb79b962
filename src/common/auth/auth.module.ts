import { Module } from '@nestjs/common';
import { APP_GUARD, DiscoveryModule } from '@nestjs/core';
import { ApiKeyGuard } from './api-key.guard';
import { ScopeDeclarationCheck } from './scope-declarations.check';

/** Protects `/api/v1` by default: the global scope guard and the start-up check that backs it. */
@Module({
  imports: [DiscoveryModule],
  providers: [{ provide: APP_GUARD, useClass: ApiKeyGuard }, ScopeDeclarationCheck],
})
export class AuthModule {}
