import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { authenticationError } from './api-key.errors';
import { ApiKeyVerifier } from './api-key-verifier';
import { setAuthenticatedKey } from './authenticated-key';
import { bearerToken } from './authorization-header';

/**
 * Authenticates every `/api/v1` request before routing and before the body
 * is read, so a bad key is answered 401 whatever else is wrong with the
 * request — an unknown route or a malformed body included (DESIGN.md §4).
 */
@Injectable()
export class ApiKeyAuthMiddleware implements NestMiddleware {
  constructor(private readonly verifier: ApiKeyVerifier) {}

  async use(request: Request, _response: Response, next: NextFunction): Promise<void> {
    const header = request.headers.authorization;
    if (header === undefined) return next(authenticationError('missing_api_key'));
    const token = bearerToken(header);
    if (token === undefined) return next(authenticationError('invalid_api_key'));
    try {
      const result = await this.verifier.verify(token);
      if (!result.ok) return next(authenticationError(result.reason));
      setAuthenticatedKey(request, result.key);
      next();
    } catch (error) {
      next(error);
    }
  }
}
