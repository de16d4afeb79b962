import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectTransactionHost } from '@nestjs-cls/transactional';
import type { TxHost } from '../common/data/tx-host';
import { AppConfig } from '../config/app-config';
import type { Attempt } from './webhook-dispatcher';
import { WebhookDelivery } from './webhook-delivery.entity';

const JITTER = 0.1;

/**
 * Who made an attempt. A scheduled one (the worker, the test route's first
 * send) moves the delivery along its retry schedule; a manual resend only
 * adds its attempt, and a success: it never reopens or fails a delivery.
 */
export type AttemptKind = 'scheduled' | 'manual';

/**
 * Claims and outcomes of deliveries, in single SQL statements so that no
 * state is ever rebuilt from a stale copy. A claim sets a lease with a token
 * of its own; only the holder of that token clears it, and whoever records
 * an attempt appends it to the row as it is at that moment.
 */
@Injectable()
export class DeliveryLeases {
  constructor(
    @InjectTransactionHost() private readonly txHost: TxHost,
    private readonly config: AppConfig,
  ) {}

  /** Twice the attempt timeout: long enough for one attempt, short enough to resume soon after a crash. */
  private get leaseMs(): number {
    return Math.max(1_000, 2 * this.config.webhookDelivery.timeoutMs);
  }

  /**
   * The worker's claim: up to `limit` due, unleased pending deliveries, skipping rows another claim
   * is taking. `sendBy` is the last moment an attempt may start under it: a full attempt timeout
   * before the lease ends, so an attempt that waited (a saturated process) never overlaps the
   * next claim's.
   */
  async claimDue(limit: number): Promise<{ token: string; deliveries: WebhookDelivery[]; sendBy: number }> {
    const token = randomUUID();
    const sendBy = Date.now() + this.leaseMs - this.config.webhookDelivery.timeoutMs;
    const [rows] = (await this.txHost.tx.query(
      `UPDATE webhook_deliveries SET lease_until = now() + make_interval(secs => $2::double precision / 1000), lease_token = $3
        WHERE id IN (SELECT id FROM webhook_deliveries
                      WHERE status = 'pending' AND next_attempt_at <= now() AND (lease_until IS NULL OR lease_until < now())
                      ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED)
        RETURNING id`,
      [limit, this.leaseMs, token],
    )) as [{ id: string }[], number];
    const deliveries = rows.length === 0 ? [] : await this.txHost.tx.getRepository(WebhookDelivery).findBy(rows.map(({ id }) => ({ id })));
    return { token, deliveries, sendBy };
  }

  /** A manual resend's claim on one delivery, whatever its state; null while someone else's lease on it runs. */
  async claim(deliveryId: string): Promise<string | null> {
    const token = randomUUID();
    const [rows] = (await this.txHost.tx.query(
      `UPDATE webhook_deliveries SET lease_until = now() + make_interval(secs => $2::double precision / 1000), lease_token = $3
        WHERE id = $1 AND (lease_until IS NULL OR lease_until < now())
        RETURNING id`,
      [deliveryId, this.leaseMs, token],
    )) as [{ id: string }[], number];
    return rows.length === 1 ? token : null;
  }

  /** Gives a claim back unused (the resend failed before sending). */
  async release(deliveryId: string, token: string): Promise<void> {
    await this.txHost.tx.query(`UPDATE webhook_deliveries SET lease_until = NULL, lease_token = NULL WHERE id = $1 AND lease_token = $2`, [
      deliveryId,
      token,
    ]);
  }

  /**
   * Appends the attempt and moves the delivery on, from the row as it is now:
   * a success makes it `succeeded` for good; a scheduled failure sets the next
   * try from the schedule (or `failed` after the last, or at once when
   * `final`); a manual failure changes nothing else. Clears the lease only if
   * `token` holds it. A 410 disables the endpoint. One statement, so all of it
   * or none, in one round trip.
   */
  async record(deliveryId: string, token: string | null, attempt: Attempt, kind: AttemptKind): Promise<void> {
    const { final, ...logged } = attempt;
    const success = attempt.responseStatus !== null && attempt.responseStatus >= 200 && attempt.responseStatus < 300;
    await this.txHost.tx.query(
      `WITH decided AS (
         SELECT id, CASE WHEN status = 'succeeded' OR $3 THEN 'succeeded'
                         WHEN $4 = 'manual' THEN status
                         WHEN $5 OR cardinality($6::int[]) <= attempts THEN 'failed'
                         ELSE 'pending' END AS status
           FROM webhook_deliveries WHERE id = $1 FOR UPDATE),
       recorded AS (
         UPDATE webhook_deliveries d SET
           attempts = d.attempts + 1,
           attempt_log = d.attempt_log || jsonb_build_array(jsonb_build_object('attempt', d.attempts + 1) || $2::jsonb),
           status = decided.status,
           next_attempt_at = CASE WHEN decided.status <> 'pending' THEN NULL
                                  WHEN $4 = 'manual' THEN d.next_attempt_at
                                  ELSE now() + make_interval(secs => ($6::int[])[d.attempts + 1] / 1000.0 * (1 + (random() * 2 - 1) * $7)) END,
           lease_until = CASE WHEN d.lease_token = $8 THEN NULL ELSE d.lease_until END,
           lease_token = CASE WHEN d.lease_token = $8 THEN NULL ELSE d.lease_token END
         FROM decided WHERE d.id = decided.id
         RETURNING d.endpoint_id)
       UPDATE webhook_endpoints SET status = 'disabled' WHERE $9 AND id IN (SELECT endpoint_id FROM recorded)`,
      [deliveryId, JSON.stringify(logged), success, kind, final, this.config.webhookDelivery.retryDelaysMs, JITTER, token, attempt.responseStatus === 410],
    );
  }

  /** The delivery as it is now (after `record`, in the same transaction). */
  get(deliveryId: string): Promise<WebhookDelivery> {
    return this.txHost.tx.getRepository(WebhookDelivery).findOneByOrFail({ id: deliveryId });
  }
}
