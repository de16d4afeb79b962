import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { authenticationError, insufficientScopeError } from './api-key.errors';
import { authenticatedKeyOf } from './authenticated-key';
import { isPublicApiPath } from './public-api-path';
import { NO_SCOPE, SCOPE_METADATA, ScopeRequirement } from './require-scope.decorator';

/**
 * Global guard (APP_GUARD): on `/api/v1` routes it requires the key that
 * `ApiKeyAuthMiddleware` authenticated and the scope the route declares.
 * Routes elsewhere (health, docs, admin) are not its concern.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<Request>();
    if (!isPublicApiPath(request.path)) return true;

    const key = authenticatedKeyOf(request);
    if (!key) throw authenticationError('missing_api_key');
    const requirement = this.reflector.getAllAndOverride<ScopeRequirement | undefined>(SCOPE_METADATA, [
      context.getHandler(),
      context.getClass(),
    ]);
    // Unreachable once the start-up check has passed; refuse rather than open a door.
    if (requirement === undefined) throw new Error(`${request.method} ${request.path} declares no scope`);
    if (requirement !== NO_SCOPE && !key.scopes.includes(requirement)) throw insufficientScopeError(requirement);
    return true;
  }
}
