import { randomUUID } from 'node:crypto';
import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { InjectTransactionHost } from '@nestjs-cls/transactional';
import type { Request, Response } from 'express';
import { from, lastValueFrom, Observable } from 'rxjs';
import { LessThanOrEqual } from 'typeorm';
import { AppConfig } from '../../config/app-config';
import { authenticatedKeyOf } from '../auth/authenticated-key';
import { declaredScope } from '../auth/require-scope.decorator';
import type { TxHost } from '../data/tx-host';
import { redactSecrets } from '../security/redact-secrets';
import { IdempotencyRecord } from './idempotency-record.entity';
import { idempotencyKeyOf, requestFingerprint } from './idempotency-request';
import { keyReused, requestInProgress } from './idempotency.errors';

const MUTATING = new Set(['POST', 'PATCH', 'DELETE']);
export const IDEMPOTENCY_WINDOW_HOURS = 24;

interface Claim {
  apiKeyId: string;
  key: string;
  fingerprint: string;
}

/**
 * DESIGN.md §7. A request with an `Idempotency-Key` runs in one transaction
 * that first takes a transaction-scoped advisory lock on (API key, key):
 * a concurrent duplicate cannot take it and gets 409; the handler's writes
 * join the transaction (`@Transactional()` propagates), and the record of
 * the response is inserted before the commit — so the writes and the record
 * commit together or not at all. Any error (a 400 from validation, a 4xx or
 * 5xx from the handler, a killed process) rolls both back: nothing is stored
 * and a retry runs afresh. A request stuck without a word to the database for
 * IDEMPOTENCY_LOCK_TIMEOUT_MS has its session ended by PostgreSQL
 * (`idle_in_transaction_session_timeout`), which frees the lock for a retry.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    @InjectTransactionHost() private readonly txHost: TxHost,
    private readonly config: AppConfig,
    private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<Request>();
    // Public API routes are those that declare a scope: decided by the matched route, not the path.
    if (!MUTATING.has(request.method) || declaredScope(this.reflector, context) === undefined) return next.handle();
    const key = idempotencyKeyOf(request.headers['idempotency-key']);
    const apiKey = authenticatedKeyOf(request);
    if (key === undefined || !apiKey) return next.handle();
    const claim = { apiKeyId: apiKey.id, key, fingerprint: requestFingerprint(request.method, request.path, request.body) };
    return from(this.runOnce(claim, context.switchToHttp().getResponse<Response>(), next));
  }

  private runOnce(claim: Claim, response: Response, next: CallHandler): Promise<unknown> {
    return this.txHost.withTransaction(async () => {
      const tx = this.txHost.tx;
      await tx.query(`SELECT set_config('idle_in_transaction_session_timeout', $1, true)`, [String(this.config.idempotencyLockTimeoutMs)]);
      const [{ locked }] = (await tx.query('SELECT pg_try_advisory_xact_lock(hashtextextended($1, 0)) AS locked', [
        `${claim.apiKeyId}:${claim.key}`,
      ])) as { locked: boolean }[];
      if (!locked) throw requestInProgress();

      const records = tx.getRepository(IdempotencyRecord);
      const expired = new Date(Date.now() - IDEMPOTENCY_WINDOW_HOURS * 3_600_000);
      await records.delete({ apiKeyId: claim.apiKeyId, key: claim.key, createdAt: LessThanOrEqual(expired) });
      const previous = await records.findOneBy({ apiKeyId: claim.apiKeyId, key: claim.key });
      if (previous) {
        if (previous.fingerprint !== claim.fingerprint) throw keyReused();
        response.status(previous.responseStatus).setHeader('Idempotent-Replayed', 'true');
        return previous.responseBody === null ? undefined : (JSON.parse(previous.responseBody) as unknown);
      }

      const body: unknown = await lastValueFrom(next.handle(), { defaultValue: undefined });
      await records.insert({
        id: randomUUID(),
        ...claim,
        responseStatus: response.statusCode,
        // Secrets shown once (a webhook signing secret) are not kept: a replay shows them redacted.
        responseBody: body === undefined ? null : redactSecrets(JSON.stringify(body)),
      });
      return body;
    });
  }
}
