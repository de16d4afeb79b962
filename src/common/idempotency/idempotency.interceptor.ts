import { CallHandler, ExecutionContext, Injectable, Logger, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { InjectTransactionHost } from '@nestjs-cls/transactional';
import type { Request, Response } from 'express';
import { from, lastValueFrom, map, Observable } from 'rxjs';
import { AppConfig } from '../../config/app-config';
import { authenticatedKeyOf } from '../auth/authenticated-key';
import { declaredScope } from '../auth/require-scope.decorator';
import type { TxHost } from '../data/tx-host';
import { CheckoutPageUrls } from '../security/checkout-page-urls';
import { CALLS_OUT_METADATA } from './calls-out.decorator';
import { CommitStep } from './commit-step';
import {
  completeClaim,
  currentRecord,
  holdClaim,
  IdempotentRequest,
  insertClaim,
  insertRecord,
  releaseClaim,
  replay,
  tryLockKey,
} from './idempotency-records';
import { idempotencyKeyOf, requestFingerprint } from './idempotency-request';
import { requestInProgress } from './idempotency.errors';

const MUTATING = new Set(['POST', 'PATCH', 'DELETE']);

/**
 * DESIGN.md §7, and the rule of issue 11 §3: no network I/O but PostgreSQL
 * while a transaction is held.
 *
 * An ordinary route with an `Idempotency-Key` runs in one transaction that
 * first takes a transaction-scoped advisory lock on (API key, key): a
 * concurrent duplicate cannot take it and gets 409; the handler's writes join
 * the transaction (`@Transactional()` propagates), and the record of the
 * response is inserted before the commit — so the writes and the record
 * commit together or not at all. Any error (a 400 from validation, a 4xx or
 * 5xx from the handler, a killed process) rolls both back. A request stuck
 * without a word to the database for IDEMPOTENCY_LOCK_TIMEOUT_MS has its
 * session ended by PostgreSQL, which frees the lock for a retry.
 *
 * A route that calls out (`@CallsOut()`) gets no transaction around its
 * handler. With a key, a short transaction first replays a stored answer or
 * commits a claim (a record without a response, leased for
 * IDEMPOTENCY_LOCK_TIMEOUT_MS) that makes duplicates 409; the handler then
 * does its I/O and returns a `CommitStep`, whose writes and the completed
 * record commit in one short transaction. A failed request deletes its claim.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly logger = new Logger(IdempotencyInterceptor.name);

  constructor(
    @InjectTransactionHost() private readonly txHost: TxHost,
    private readonly config: AppConfig,
    private readonly reflector: Reflector,
    private readonly pageUrls: CheckoutPageUrls,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const idempotent = this.idempotentRequestOf(context);
    const response = context.switchToHttp().getResponse<Response>();
    if (this.reflector.get<boolean | undefined>(CALLS_OUT_METADATA, context.getHandler())) {
      return from(idempotent ? this.callOutOnce(idempotent, response, next) : this.callOut(next));
    }
    if (!idempotent) return next.handle().pipe(map(refuseCommitStep));
    return from(this.runOnce(idempotent, response, next));
  }

  /** Set when the request is a mutating public-API call, from an authenticated key, with an `Idempotency-Key`. */
  private idempotentRequestOf(context: ExecutionContext): IdempotentRequest | undefined {
    const request = context.switchToHttp().getRequest<Request>();
    // Public API routes are those that declare a scope: decided by the matched route, not the path.
    if (!MUTATING.has(request.method) || declaredScope(this.reflector, context) === undefined) return undefined;
    const key = idempotencyKeyOf(request.headers['idempotency-key']);
    const apiKey = authenticatedKeyOf(request);
    if (key === undefined || !apiKey) return undefined;
    return { apiKeyId: apiKey.id, key, fingerprint: requestFingerprint(request.method, request.path, request.body) };
  }

  private runOnce(idempotent: IdempotentRequest, response: Response, next: CallHandler): Promise<unknown> {
    return this.txHost.withTransaction(async () => {
      const tx = this.txHost.tx;
      await tx.query(`SELECT set_config('idle_in_transaction_session_timeout', $1, true)`, [String(this.config.idempotencyLockTimeoutMs)]);
      if (!(await tryLockKey(tx, idempotent))) throw requestInProgress();
      const previous = await currentRecord(tx, idempotent);
      if (previous) return this.pageUrls.forOutput(replay(previous, idempotent, response));

      const body = refuseCommitStep(await lastValueFrom(next.handle(), { defaultValue: undefined }));
      await insertRecord(tx, idempotent, response.statusCode, this.pageUrls.forStorage(body));
      return body;
    });
  }

  private async callOut(next: CallHandler): Promise<unknown> {
    const step = await commitStepOf(next);
    return this.txHost.withTransaction(() => step.commit());
  }

  private async callOutOnce(idempotent: IdempotentRequest, response: Response, next: CallHandler): Promise<unknown> {
    const claimed = await this.txHost.withTransaction(async (): Promise<{ replayed: unknown } | { claimId: string }> => {
      const tx = this.txHost.tx;
      if (!(await tryLockKey(tx, idempotent))) throw requestInProgress();
      const previous = await currentRecord(tx, idempotent);
      if (previous) return { replayed: this.pageUrls.forOutput(replay(previous, idempotent, response)) };
      return { claimId: await insertClaim(tx, idempotent, this.config.idempotencyLockTimeoutMs) };
    });
    if (!('claimId' in claimed)) return claimed.replayed;
    const { claimId } = claimed;

    try {
      const step = await commitStepOf(next);
      return await this.txHost.withTransaction(async () => {
        const tx = this.txHost.tx;
        const stillOurs = await holdClaim(tx, claimId);
        // What was sent has happened: its writes commit even when a retry took the key over meanwhile.
        const body = await step.commit();
        if (stillOurs) await completeClaim(tx, claimId, response.statusCode, this.pageUrls.forStorage(body));
        else this.logger.warn(`An Idempotency-Key was taken over while its request was still calling out; that request's answer is not stored`);
        return body;
      });
    } catch (error) {
      await releaseClaim(this.txHost.tx, claimId).catch((releaseError: unknown) =>
        this.logger.warn({ err: releaseError }, 'Could not release an idempotency claim; it lapses with its lease'),
      );
      throw error;
    }
  }
}

/** Runs the handler of a `@CallsOut()` route, outside any transaction, to the step it returns. */
async function commitStepOf(next: CallHandler): Promise<CommitStep<unknown>> {
  const result: unknown = await lastValueFrom(next.handle(), { defaultValue: undefined });
  if (!(result instanceof CommitStep)) throw new Error('A @CallsOut() route must return a CommitStep');
  return result as CommitStep<unknown>;
}

function refuseCommitStep<T>(body: T): T {
  if (body instanceof CommitStep) throw new Error('A route that returns a CommitStep must be declared with @CallsOut()');
  return body;
}
