import { Injectable } from '@nestjs/common';
import { InjectTransactionHost, Transactional } from '@nestjs-cls/transactional';
import type { Mode } from '../common/auth/scopes';
import { ModeScopedRepository } from '../common/data/mode-scoped.repository';
import { ApiErrors } from '../common/errors/api-errors';
import { CheckoutPageUrls } from '../common/security/checkout-page-urls';
import { newId } from '../common/ids/type-id';
import { assertPrice } from '../common/money/price';
import { ListPage } from '../common/pagination/paginate';
import { ListCheckoutSessionsQueryDto } from './dto/list-checkout-sessions-query.dto';
import { sessionListFilter } from './session-list-filter';
import { AppConfig } from '../config/app-config';
import { CustomersService } from '../customers/customers.service';
import type { TxHost } from '../common/data/tx-host';
import { EventWriter } from '../events/event-writer';
import type { EventType } from '../events/event-types';
import { PaymentLinksService } from '../links/payment-links.service';
import { CheckoutSession } from './checkout-session.entity';
import { effectiveStatus, presentCheckoutSession, priceInBaseUnits } from './checkout-session.presenter';
import { CreateCheckoutSessionDto } from './dto/create-checkout-session.dto';
import { PaymentOptionsPolicy } from './payments/payment-options';
import { CheckoutSessionResponse } from './dto/checkout-session-response.dto';

const MINUTE_MS = 60_000;
export const SESSION_EXPIRY = { minMs: 30 * MINUTE_MS, maxMs: 24 * 60 * MINUTE_MS, defaultMs: 60 * MINUTE_MS } as const;

interface Price {
  amount: string;
  currency: string;
  paymentLinkId: string | null;
}

/** Checkout sessions: `open` → `complete` | `expired`, each transition under a row lock, with its event. */
@Injectable()
export class CheckoutSessionsService {
  private readonly sessions: ModeScopedRepository<CheckoutSession>;

  constructor(
    @InjectTransactionHost() txHost: TxHost,
    private readonly events: EventWriter,
    private readonly config: AppConfig,
    private readonly links: PaymentLinksService,
    private readonly customers: CustomersService,
    private readonly paymentOptions: PaymentOptionsPolicy,
    private readonly pageUrls: CheckoutPageUrls,
  ) {
    this.sessions = new ModeScopedRepository(txHost, CheckoutSession, 'cs');
  }

  present(session: CheckoutSession): CheckoutSessionResponse {
    return presentCheckoutSession(session, this.pageUrls.url(session.id));
  }

  @Transactional()
  async create(mode: Mode, input: CreateCheckoutSessionDto): Promise<CheckoutSession> {
    const price = await this.priceOf(mode, input);
    const customerId = input.customer === undefined ? null : (await this.customers.get(mode, input.customer, 'customer')).id;
    const id = newId('cs');
    const session = await this.sessions.save(
      this.sessions.create(mode, {
        id,
        ...this.paymentOptions.choose(mode, id, price.currency, input.network),
        amountReceived: 0n,
        amountPending: 0n,
        paymentStatus: 'unpaid',
        payments: [],
        status: 'open',
        ...price,
        customerId,
        successUrl: input.successUrl ?? null,
        cancelUrl: input.cancelUrl ?? null,
        metadata: input.metadata ?? {},
        expiresAt: expiryOf(input.expiresAt),
        completedAt: null,
      }),
    );
    return this.recorded(mode, 'checkout_session.created', session);
  }

  @Transactional()
  async expire(mode: Mode, id: string): Promise<CheckoutSession> {
    const session = await this.lockOpen(mode, id, 'expired');
    session.status = 'expired';
    const expired = await this.recorded(mode, 'checkout_session.expired', await this.sessions.save(session));
    return expired.amountReceived > 0n ? this.recorded(mode, 'checkout_session.underpaid', expired) : expired;
  }

  /** The test helper: marks an open test-mode session paid. Nothing moves; live keys are refused. */
  @Transactional()
  async payInTestMode(mode: Mode, id: string): Promise<CheckoutSession> {
    if (mode !== 'test') {
      throw ApiErrors.testModeOnly();
    }
    const session = await this.lockOpen(mode, id, 'paid');
    session.status = 'complete';
    session.paymentStatus = 'paid';
    session.amountReceived = priceInBaseUnits(session);
    session.completedAt = new Date();
    return this.recorded(mode, 'checkout_session.completed', await this.sessions.save(session));
  }

  list(mode: Mode, query: ListCheckoutSessionsQueryDto): Promise<ListPage<CheckoutSession>> {
    return this.sessions.list(mode, query, sessionListFilter(query));
  }

  get(mode: Mode, id: string): Promise<CheckoutSession> {
    return this.sessions.get(mode, id);
  }

  /** The mode of a session addressed by id alone (its hosted page, once the page's secret matched). */
  modeOf(id: string): Promise<Mode | undefined> {
    return this.sessions.modeOf(id);
  }

  /** Records the event of a transition (or creation) with the session as it now is. */
  async recorded(mode: Mode, type: EventType, session: CheckoutSession): Promise<CheckoutSession> {
    await this.events.record(mode, type, this.present(session));
    return session;
  }

  /** The session, locked until the transaction ends, provided it is still open: of two racing transitions one wins. */
  private async lockOpen(mode: Mode, id: string, action: 'expired' | 'paid'): Promise<CheckoutSession> {
    const session = await this.sessions.get(mode, id, { lock: true });
    const status = effectiveStatus(session);
    if (status !== 'open') throw ApiErrors.stateConflict(`The checkout session ${id} is ${status}; only an open session can be ${action}.`);
    return session;
  }

  private async priceOf(mode: Mode, input: CreateCheckoutSessionDto): Promise<Price> {
    if (input.paymentLink !== undefined) {
      for (const field of ['amount', 'currency'] as const) {
        if (input[field] !== undefined) throw ApiErrors.parameterInvalid(field, `Pass amount and currency, or paymentLink, not both.`);
      }
      const link = await this.links.get(mode, input.paymentLink, 'paymentLink');
      if (!link.active) throw ApiErrors.parameterInvalid('paymentLink', `The payment link ${link.id} is archived.`);
      return { amount: link.amount, currency: link.currency, paymentLinkId: link.id };
    }
    if (input.amount === undefined) throw ApiErrors.parameterMissing('amount');
    if (input.currency === undefined) throw ApiErrors.parameterMissing('currency');
    assertPrice(this.config.currencies, input.amount, input.currency);
    return { amount: input.amount, currency: input.currency, paymentLinkId: null };
  }
}

function expiryOf(requested: string | undefined): Date {
  const now = Date.now();
  if (requested === undefined) return new Date(now + SESSION_EXPIRY.defaultMs);
  const at = Date.parse(requested);
  if (at < now + SESSION_EXPIRY.minMs || at > now + SESSION_EXPIRY.maxMs) {
    throw ApiErrors.parameterInvalid('expiresAt', 'expiresAt must be between 30 minutes and 24 hours from now.');
  }
  return new Date(at);
}
