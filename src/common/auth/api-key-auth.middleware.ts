import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import type { ApiError } from '../errors/api-error';
import { ApiKeyRateLimiter } from '../rate-limit/api-key-rate-limiter';
import { AuthFailureLimiter } from '../rate-limit/auth-failure-limiter';
import { KeyLookupAdmission } from '../rate-limit/key-lookup-admission';
import { setRateLimitHeaders } from '../rate-limit/rate-limit-headers';
import { tooManyAuthenticationFailures } from '../rate-limit/rate-limit.errors';
import { authenticationError } from './api-key.errors';
import { ApiKeyVerifier, KeyRejection } from './api-key-verifier';
import { AuthenticatedKey, setAuthenticatedKey } from './authenticated-key';
import { bearerToken } from './authorization-header';
import { mayAddressPublicApi } from './public-api-path';

/** Why a request is not authenticated; `not_looked_up`: its address is over the failure limit and the key could not be told from a made-up one. */
type Refusal = KeyRejection | 'missing_api_key' | 'not_looked_up';

/**
 * Authenticates every request that may be addressed to `/api/v1`, however
 * its path is spelled, before routing and before the body is read, so a bad
 * key is answered 401 whatever else is wrong with the request — an unknown
 * route or a malformed body included (DESIGN.md §4) — and then counts it
 * against its key's rate limit. Failures are counted per client address
 * (DESIGN.md §6): past the limit they are answered 429, and a key the
 * caches do not know reaches the database only as `KeyLookupAdmission`
 * allows — a valid key always does. Which scope a request needs is decided
 * later, by the route it matched (`ApiKeyGuard`).
 */
@Injectable()
export class ApiKeyAuthMiddleware implements NestMiddleware {
  constructor(
    private readonly verifier: ApiKeyVerifier,
    private readonly failures: AuthFailureLimiter,
    private readonly lookups: KeyLookupAdmission,
    private readonly limiter: ApiKeyRateLimiter,
  ) {}

  /**
   * The usual request — a key the cache knows, counted in memory or not at
   * all — is authenticated and counted synchronously: no promise, no
   * microtask. Only a database lookup, a shared counter or a refusal waits.
   */
  use(request: Request, response: Response, next: NextFunction): void | Promise<void> {
    if (!mayAddressPublicApi(request.originalUrl)) return next();
    let outcome: AuthenticatedKey | Refusal | LookUp;
    try {
      outcome = this.authenticateFromCache(request);
    } catch (error) {
      return next(error);
    }
    if (outcome instanceof LookUp) return this.lookUpThenContinue(outcome.token, request, response, next);
    return this.continueWith(outcome, request, response, next);
  }

  private continueWith(outcome: AuthenticatedKey | Refusal, request: Request, response: Response, next: NextFunction): void | Promise<void> {
    if (typeof outcome === 'string') return this.refuse(request, response, outcome).then(next, next);
    setAuthenticatedKey(request, outcome);
    let counting: Promise<void> | undefined;
    try {
      counting = this.limiter.count(outcome, response);
    } catch (error) {
      return next(error);
    }
    if (!counting) return next();
    return counting.then(() => next(), next);
  }

  /** The key from the caches alone, or what stops it; `LookUp` when only the database can tell. */
  private authenticateFromCache(request: Request): AuthenticatedKey | Refusal | LookUp {
    const header = request.headers.authorization;
    if (header === undefined) return 'missing_api_key';
    const token = bearerToken(header);
    if (token === undefined) return 'invalid_api_key';
    const cached = this.verifier.verifyCached(token);
    if (cached) return cached.ok ? cached.key : cached.reason;
    return new LookUp(token);
  }

  private async lookUpThenContinue(token: string, request: Request, response: Response, next: NextFunction): Promise<void> {
    try {
      await this.continueWith(await this.authenticateByLookup(token, request), request, response, next);
    } catch (error) {
      next(error);
    }
  }

  private async authenticateByLookup(token: string, request: Request): Promise<AuthenticatedKey | Refusal> {
    const lookup = this.lookups.admit(request, () => this.verifier.isIssued(token));
    if (!lookup) return 'not_looked_up';
    const result = await this.verifier.verify(token);
    if (!result.ok) return result.reason;
    lookup.succeeded();
    return result.key;
  }

  private async refuse(request: Request, response: Response, refusal: Refusal): Promise<ApiError> {
    const failures = await this.failures.recordFailure(request);
    if (failures) setRateLimitHeaders(response, failures);
    if (failures?.exceeded || refusal === 'not_looked_up') return tooManyAuthenticationFailures(failures?.resetSeconds ?? 1);
    return authenticationError(refusal);
  }
}

/** A token the caches could not judge: only a database lookup can. */
class LookUp {
  constructor(readonly token: string) {}
}
