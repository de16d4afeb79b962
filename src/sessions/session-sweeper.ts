import { Injectable } from '@nestjs/common';
import { InjectTransactionHost, Transactional } from '@nestjs-cls/transactional';
import { ClsService } from 'nestjs-cls';
import type { TxHost } from '../common/data/tx-host';
import { IntervalJob } from '../common/scheduling/interval-job';
import { CheckoutSession } from './checkout-session.entity';
import { CheckoutSessionsService } from './checkout-sessions.service';

const BATCH_SIZE = 500;

/**
 * Persists the expiry of open sessions past `expiresAt` and emits their
 * `checkout_session.expired` events. A session with a payment still settling waits: that
 * payment was made in time and may yet complete it. Runs in every instance: the conditional
 * UPDATE … SKIP LOCKED lets only one of them take each session.
 */
@Injectable()
export class SessionSweeper extends IntervalJob {
  protected readonly intervalMs = 15_000;

  constructor(
    @InjectTransactionHost() private readonly txHost: TxHost,
    private readonly cls: ClsService,
    private readonly sessions: CheckoutSessionsService,
  ) {
    super();
  }

  /** Expires one batch of overdue sessions; returns how many. Outside a request, so it opens its own context. */
  run(): Promise<number> {
    return this.cls.run(() => this.sweepBatch());
  }

  @Transactional()
  private async sweepBatch(): Promise<number> {
    const rows = (await this.txHost.tx.query(
      `UPDATE checkout_sessions SET status = 'expired'
        WHERE id IN (SELECT id FROM checkout_sessions WHERE status = 'open' AND expires_at <= now() AND amount_pending = 0
                     ORDER BY expires_at LIMIT $1 FOR UPDATE SKIP LOCKED)
        RETURNING id`,
      [BATCH_SIZE],
    )) as [{ id: string }[], number];
    const ids = rows[0].map((row) => row.id);
    if (ids.length === 0) return 0;
    const expired = await this.txHost.tx.getRepository(CheckoutSession).findBy(ids.map((id) => ({ id })));
    for (const session of expired) {
      const mode = session.livemode ? 'live' : 'test';
      await this.sessions.recorded(mode, 'checkout_session.expired', session);
      if (session.amountReceived > 0n) await this.sessions.recorded(mode, 'checkout_session.underpaid', session);
    }
    return expired.length;
  }
}
