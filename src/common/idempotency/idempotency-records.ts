import { randomUUID } from 'node:crypto';
import type { Response } from 'express';
import type { EntityManager } from 'typeorm';
import { IdempotencyRecord } from './idempotency-record.entity';
import { keyReused, requestInProgress } from './idempotency.errors';
import { storableResponse } from './storable-response';

export const IDEMPOTENCY_WINDOW_HOURS = 24;
export const REPLAY_OMITTED_HEADER = 'Idempotent-Replay-Omitted';

/** One idempotent request: whose key, which key, and what it asked for. */
export interface IdempotentRequest {
  apiKeyId: string;
  key: string;
  fingerprint: string;
}

/**
 * Takes the transaction-scoped advisory lock on (API key, Idempotency-Key)
 * without waiting; false when another transaction holds it.
 */
export async function tryLockKey(tx: EntityManager, request: IdempotentRequest): Promise<boolean> {
  const [{ locked }] = (await tx.query('SELECT pg_try_advisory_xact_lock(hashtextextended($1, 0)) AS locked', [
    `${request.apiKeyId}:${request.key}`,
  ])) as { locked: boolean }[];
  return locked;
}

/** The record of this key, once a record past the window or a claim past its lease is dropped. Call under the key's lock. */
export async function currentRecord(tx: EntityManager, request: IdempotentRequest): Promise<IdempotencyRecord | null> {
  await tx.query(
    `DELETE FROM idempotency_records
      WHERE api_key_id = $1 AND key = $2
        AND (created_at <= now() - make_interval(hours => $3::int) OR (response_status IS NULL AND lease_until < now()))`,
    [request.apiKeyId, request.key, IDEMPOTENCY_WINDOW_HOURS],
  );
  return tx.getRepository(IdempotencyRecord).findOneBy({ apiKeyId: request.apiKeyId, key: request.key });
}

/**
 * The answer a request gets when its key already has a record: 422 for
 * another request, 409 while the first one still runs, else the stored
 * response, marked as a replay and naming what it left out.
 */
export function replay(previous: IdempotencyRecord, request: IdempotentRequest, response: Response): unknown {
  if (previous.fingerprint !== request.fingerprint) throw keyReused();
  if (previous.responseStatus === null) throw requestInProgress();
  response.status(previous.responseStatus).setHeader('Idempotent-Replayed', 'true');
  if (previous.omittedFields.length > 0) response.setHeader(REPLAY_OMITTED_HEADER, previous.omittedFields.join(', '));
  return previous.responseBody === null ? undefined : (JSON.parse(previous.responseBody) as unknown);
}

function completed(status: number, body: unknown): Pick<IdempotencyRecord, 'responseStatus' | 'responseBody' | 'omittedFields' | 'leaseUntil'> {
  const stored = storableResponse(body);
  return { responseStatus: status, responseBody: stored.json, omittedFields: stored.omitted, leaseUntil: null };
}

export async function insertRecord(tx: EntityManager, request: IdempotentRequest, status: number, body: unknown): Promise<void> {
  await tx.getRepository(IdempotencyRecord).insert({ id: randomUUID(), ...request, ...completed(status, body) });
}

/** A claim for a request that calls out: no response yet, held for `leaseMs`. Returns its id. */
export async function insertClaim(tx: EntityManager, request: IdempotentRequest, leaseMs: number): Promise<string> {
  const id = randomUUID();
  await tx.query(
    `INSERT INTO idempotency_records (id, api_key_id, key, fingerprint, lease_until)
     VALUES ($1, $2, $3, $4, now() + make_interval(secs => $5::double precision / 1000))`,
    [id, request.apiKeyId, request.key, request.fingerprint, leaseMs],
  );
  return id;
}

/** Locks the claim until the transaction ends; false when it is no longer this request's (its lease ran out and a retry took over). */
export async function holdClaim(tx: EntityManager, claimId: string): Promise<boolean> {
  const rows = (await tx.query(`SELECT 1 FROM idempotency_records WHERE id = $1 AND response_status IS NULL FOR UPDATE`, [claimId])) as unknown[];
  return rows.length === 1;
}

export async function completeClaim(tx: EntityManager, claimId: string, status: number, body: unknown): Promise<void> {
  await tx.getRepository(IdempotencyRecord).update({ id: claimId }, completed(status, body));
}

/** Frees the key after a failed request, so a retry runs afresh. */
export async function releaseClaim(tx: EntityManager, claimId: string): Promise<void> {
  await tx.query(`DELETE FROM idempotency_records WHERE id = $1 AND response_status IS NULL`, [claimId]);
}
