import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { AuthenticatedKey, authenticatedKeyOf } from './authenticated-key';

/** The key that authenticated this `/api/v1` request (set by `ApiKeyAuthMiddleware`). */
export const CurrentApiKey = createParamDecorator((_data: unknown, context: ExecutionContext): AuthenticatedKey => {
  const key = authenticatedKeyOf(context.switchToHttp().getRequest<Request>());
  if (!key) throw new Error('CurrentApiKey used on a route that no API key authenticated');
  return key;
});
