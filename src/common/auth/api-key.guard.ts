import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { authenticationError, insufficientScopeError } from './api-key.errors';
import { authenticatedKeyOf } from './authenticated-key';
import { declaredScope, NO_SCOPE } from './require-scope.decorator';

/**
 * Global guard (APP_GUARD): a route that declares a scope is a public API
 * route (the start-up check makes every `/api/v1` route declare one), and it
 * requires the key `ApiKeyAuthMiddleware` authenticated and that scope. It
 * decides by the matched route's metadata, never by the request's path, so
 * no spelling of a path can side-step it. Other routes (health, docs, admin)
 * are not its concern.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const requirement = declaredScope(this.reflector, context);
    if (requirement === undefined) return true;
    const key = authenticatedKeyOf(context.switchToHttp().getRequest<Request>());
    if (!key) throw authenticationError('missing_api_key');
    if (requirement !== NO_SCOPE && !key.scopes.includes(requirement)) throw insufficientScopeError(requirement);
    return true;
  }
}
