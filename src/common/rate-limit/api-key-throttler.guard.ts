import { ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard, ThrottlerRequest } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { authenticatedKeyOf } from '../auth/authenticated-key';
import { isPublicApiPath } from '../auth/public-api-path';
import { rateLimitState, setRateLimitHeaders } from './rate-limit-headers';
import { rateLimitExceeded } from './rate-limit.errors';

/**
 * Global guard registered after `ApiKeyGuard`: counts each authenticated
 * `/api/v1` request against its API key (not its address), whatever the
 * route, and answers the §5 envelope with `Retry-After` past the limit. Every
 * request it counts gets the `RateLimit-*` headers, so errors the handler
 * raises later carry them too. Other paths (health, docs, admin) are not limited.
 */
@Injectable()
export class ApiKeyThrottlerGuard extends ThrottlerGuard {
  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<Request>();
    return !isPublicApiPath(request.path) || !authenticatedKeyOf(request);
  }

  protected override async getTracker(request: Record<string, unknown>): Promise<string> {
    return authenticatedKeyOf(request as unknown as Request)!.id;
  }

  /** One counter per key across all routes (the default is one per route). */
  protected override generateKey(_context: ExecutionContext, tracker: string): string {
    return `key:${tracker}`;
  }

  protected override async handleRequest({ context, limit, ttl, throttler, blockDuration, getTracker, generateKey }: ThrottlerRequest): Promise<boolean> {
    const request = context.switchToHttp().getRequest<Request>();
    const response = context.switchToHttp().getResponse<Response>();
    const key = generateKey(context, await getTracker(request, context), throttler.name!);
    const { totalHits, timeToExpire, isBlocked } = await this.storageService.increment(key, ttl, limit, blockDuration, throttler.name!);
    setRateLimitHeaders(response, rateLimitState(limit, totalHits, timeToExpire * 1000));
    if (isBlocked) throw rateLimitExceeded(timeToExpire, limit);
    return true;
  }
}
