import { Injectable, Logger } from '@nestjs/common';
import { InjectTransactionHost } from '@nestjs-cls/transactional';
import type { Address, Hash } from 'viem';
import type { TxHost } from '../../common/data/tx-host';
import { newId } from '../../common/ids/type-id';
import { assetOfToken, type Network } from '../../chains/networks';
import { AppConfig } from '../../config/app-config';
import type { EventType } from '../../events/event-types';
import { CheckoutSession } from '../checkout-session.entity';
import { effectiveStatus, priceInBaseUnits } from '../checkout-session.presenter';
import { CheckoutSessionsService } from '../checkout-sessions.service';
import { Payment } from './payment.entity';
import { paymentState } from './payment-state';

/** A transfer into a deposit address as the chain shows it: a token's Transfer log, or a rise of the ETH balance. */
export interface ObservedTransfer {
  depositAddress: Address;
  /** The token contract; null for ETH. */
  token: Address | null;
  from: Address | null;
  amount: bigint;
  /** Null only for ETH a contract sent. */
  txHash: Hash | null;
  /** Null for ETH. */
  logIndex: number | null;
  blockNumber: bigint;
  blockHash: Hash;
}

/**
 * Turns what the chain watcher saw into payments and session state (DESIGN.md §13). Every method
 * runs in the watcher's transaction: payments, session totals, transitions and their events commit
 * together or not at all. Each session is locked while its payments change; should two watchers
 * ever deadlock, PostgreSQL aborts one transaction and that watcher redoes its tick.
 */
@Injectable()
export class SessionPayments {
  private readonly logger = new Logger(SessionPayments.name);

  constructor(
    @InjectTransactionHost() private readonly txHost: TxHost,
    private readonly sessions: CheckoutSessionsService,
    private readonly config: AppConfig,
  ) {}

  /** Records transfers not seen before (a reorged one that reappears is pending again); returns how many changed. */
  async record(network: Network, transfers: readonly ObservedTransfer[], now = new Date()): Promise<number> {
    let changed = 0;
    for (const transfer of transfers) {
      const asset = assetOfToken(network, transfer.token);
      const session = await this.lockSessionAt(network, transfer.depositAddress);
      if (!asset || !session) continue;
      const existing = session.payments.find((payment) => samePayment(payment, network, transfer));
      if (existing && existing.status !== 'reorged') continue;
      const payment = existing ?? this.payments.create({ id: newId('pay'), sessionId: session.id, livemode: session.livemode, network: network.name });
      const late = effectiveStatus(session, now.getTime()) !== 'open';
      Object.assign(payment, {
        currency: asset.currency,
        tokenAddress: transfer.token,
        depositAddress: transfer.depositAddress,
        txHash: transfer.txHash,
        logIndex: transfer.logIndex,
        fromAddress: transfer.from,
        amount: transfer.amount,
        blockNumber: transfer.blockNumber,
        blockHash: transfer.blockHash,
        confirmations: 0,
        status: 'pending',
        matched: asset.currency === session.currency && session.networks.includes(network.name),
        late: existing?.late ?? late,
        detectedAt: existing?.detectedAt ?? now,
        confirmedAt: null,
      } satisfies Partial<Payment>);
      await this.payments.save(payment);
      if (!existing) session.payments.push(payment);
      const event: EventType = payment.late ? 'checkout_session.late_payment' : payment.matched ? 'checkout_session.payment_pending' : 'checkout_session.payment_unmatched';
      await this.settleState(session, [event], now);
      changed += 1;
    }
    return changed;
  }

  /**
   * Confirms the pending payments at or below `settledThrough` (the network's settlement rule,
   * applied by the watcher) and refreshes the depth of those still pending.
   */
  async confirm(network: Network, settledThrough: bigint, head: bigint, now = new Date()): Promise<number> {
    await this.txHost.tx.query(
      `UPDATE payments SET confirmations = GREATEST(0, $2::bigint - block_number + 1) WHERE network = $1 AND status = 'pending'`,
      [network.name, head.toString()],
    );
    const [rows] = (await this.txHost.tx.query(
      `UPDATE payments SET status = 'confirmed', confirmed_at = $3 WHERE network = $1 AND status = 'pending' AND block_number <= $2::bigint
       RETURNING session_id, matched AND NOT late AS counted`,
      [network.name, settledThrough.toString(), now],
    )) as [{ session_id: string; counted: boolean }[], number];
    for (const [sessionId, counted] of groupBySession(rows)) {
      const session = await this.lockSession(sessionId);
      await this.settleState(session, Array<EventType>(counted).fill('checkout_session.payment_confirmed'), now);
    }
    return rows.length;
  }

  /** Marks the payments in blocks above `ancestor` reorged: their blocks left the chain. */
  async orphan(network: Network, ancestor: bigint, now = new Date()): Promise<number> {
    const [rows] = (await this.txHost.tx.query(
      `UPDATE payments p SET status = 'reorged', confirmations = 0, confirmed_at = NULL
         FROM payments old WHERE old.id = p.id AND p.network = $1 AND p.block_number > $2::bigint AND p.status <> 'reorged'
       RETURNING p.session_id, p.tx_hash, p.block_number, old.status AS was`,
      [network.name, ancestor.toString()],
    )) as [{ session_id: string; tx_hash: string | null; block_number: string; was: string }[], number];
    for (const row of rows.filter((row) => row.was === 'confirmed')) {
      // Deeper than the settlement rule allows: the merchant may have shipped against it.
      this.logger.error({ network: network.name, session: row.session_id, txHash: row.tx_hash, block: row.block_number }, 'a confirmed payment was reorged out of the chain');
    }
    for (const [sessionId, count] of groupBySession(rows.map((row) => ({ session_id: row.session_id, counted: true })))) {
      const session = await this.lockSession(sessionId);
      await this.settleState(session, Array<EventType>(count).fill('checkout_session.payment_reorged'), now);
    }
    return rows.length;
  }

  /**
   * Brings the session's totals in line with its payments, then records `events` and the
   * transitions they cause: complete when covered; expired (and underpaid) when past expiry with
   * nothing left settling. A closed session never reopens.
   */
  private async settleState(session: CheckoutSession, events: readonly EventType[], now: Date): Promise<void> {
    const state = paymentState(priceInBaseUnits(session), this.config.payments.underpaymentTolerancePpm, session.payments);
    session.amountReceived = state.received;
    session.amountPending = state.pending;
    session.paymentStatus = state.status;
    const transitions: EventType[] = [];
    if (session.status === 'open' && state.covered) {
      Object.assign(session, { status: 'complete', completedAt: now });
      transitions.push('checkout_session.completed', ...(state.status === 'overpaid' ? (['checkout_session.overpaid'] as const) : []));
    } else if (session.status === 'open' && effectiveStatus(session, now.getTime()) === 'expired') {
      session.status = 'expired';
      transitions.push('checkout_session.expired', ...(state.received > 0n ? (['checkout_session.underpaid'] as const) : []));
    }
    const { id, amountReceived, amountPending, paymentStatus, status, completedAt } = session;
    await this.txHost.tx.getRepository(CheckoutSession).update({ id }, { amountReceived, amountPending, paymentStatus, status, completedAt });
    const mode = session.livemode ? 'live' : 'test';
    for (const type of [...events, ...transitions]) await this.sessions.recorded(mode, type, session);
  }

  private get payments() {
    return this.txHost.tx.getRepository(Payment);
  }

  private lockSessionAt(network: Network, depositAddress: Address): Promise<CheckoutSession | null> {
    return this.txHost.tx.getRepository(CheckoutSession).findOne({
      where: { depositAddress, livemode: network.mode === 'live' },
      lock: { mode: 'pessimistic_write', tables: ['checkout_sessions'] },
    });
  }

  private async lockSession(id: string): Promise<CheckoutSession> {
    return this.txHost.tx.getRepository(CheckoutSession).findOneOrFail({ where: { id }, lock: { mode: 'pessimistic_write', tables: ['checkout_sessions'] } });
  }
}

/** The same transfer: the same log, the same plain transaction, or (ETH from a contract) the same address and block. */
function samePayment(payment: Payment, network: Network, transfer: ObservedTransfer): boolean {
  if (payment.network !== network.name) return false;
  if (transfer.logIndex !== null) return payment.txHash === transfer.txHash && payment.logIndex === transfer.logIndex;
  if (transfer.txHash !== null) return payment.logIndex === null && payment.txHash === transfer.txHash;
  return payment.txHash === null && payment.blockNumber === transfer.blockNumber;
}

/** Session ids in order, each with how many of its rows count. */
function groupBySession(rows: readonly { session_id: string; counted: boolean }[]): [string, number][] {
  const counts = new Map<string, number>();
  for (const row of rows) counts.set(row.session_id, (counts.get(row.session_id) ?? 0) + (row.counted ? 1 : 0));
  return [...counts.entries()].sort(([a], [b]) => a.localeCompare(b));
}
