import { applyDecorators, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Reflector } from '@nestjs/core';
import { ApiBadRequestResponse, ApiBearerAuth, ApiExtension, ApiForbiddenResponse, ApiTooManyRequestsResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { ApiErrorEnvelope } from '../errors/error-envelope.dto';
import type { Scope } from './scopes';

export const SCOPE_METADATA = 'checkout:requiredScope';

/** The metadata value of a route that deliberately needs no scope (only `GET /api/v1/api_key`). */
export const NO_SCOPE = 'none';

export type ScopeRequirement = Scope | typeof NO_SCOPE;

function scopeDecorators(requirement: ScopeRequirement, description: string) {
  const forbidden =
    requirement === NO_SCOPE
      ? []
      : [ApiForbiddenResponse({ description: `The key lacks the \`${requirement}\` scope.`, type: ApiErrorEnvelope })];
  return applyDecorators(
    SetMetadata(SCOPE_METADATA, requirement),
    ApiBearerAuth('apiKey'),
    ApiExtension('x-required-scope', requirement),
    ApiUnauthorizedResponse({ description, type: ApiErrorEnvelope }),
    ...forbidden,
    ApiBadRequestResponse({ description: 'A parameter is missing, unknown or invalid (`param` names it), or the body is not a JSON object.', type: ApiErrorEnvelope }),
    ApiTooManyRequestsResponse({
      description: 'Rate limit exceeded: per API key, or per client address after repeated authentication failures.',
      type: ApiErrorEnvelope,
    }),
  );
}

/**
 * Declares the one scope an `/api/v1` route needs. The guard enforces it and
 * the OpenAPI document shows it (with the 400/401/403 every such route can
 * answer), from this single declaration.
 */
export function RequireScope(scope: Scope): MethodDecorator & ClassDecorator {
  return scopeDecorators(scope, 'Missing, malformed, unknown, revoked or expired API key.');
}

/** Declares, explicitly, that an `/api/v1` route is open to any valid key. */
export function RequireNoScope(): MethodDecorator & ClassDecorator {
  return scopeDecorators(NO_SCOPE, 'Missing, malformed, unknown, revoked or expired API key.');
}

/** The scope the matched route declares; undefined for a route outside the public API. */
export function declaredScope(reflector: Reflector, context: ExecutionContext): ScopeRequirement | undefined {
  return reflector.getAllAndOverride<ScopeRequirement | undefined>(SCOPE_METADATA, [context.getHandler(), context.getClass()]);
}
