import { FindOptionsWhere, LessThanOrEqual, MoreThan, Raw } from 'typeorm';
import type { CheckoutSession, SessionStatus } from './checkout-session.entity';
import type { ListCheckoutSessionsQueryDto } from './dto/list-checkout-sessions-query.dto';

type Where = FindOptionsWhere<CheckoutSession>;

const NOTHING_PENDING = Raw((column) => `${column} = 0`);
const SOMETHING_PENDING = Raw((column) => `${column} > 0`);

/**
 * The stored rows that `effectiveStatus` shows with `status` at `now`, as
 * alternatives (an OR): an open session past its expiry with nothing pending
 * reads as expired before the sweeper persists it, so it is listed as expired.
 */
function statusAlternatives(status: SessionStatus, now: Date): Where[] {
  switch (status) {
    case 'complete':
      return [{ status: 'complete' }];
    case 'open':
      return [
        { status: 'open', expiresAt: MoreThan(now) },
        { status: 'open', amountPending: SOMETHING_PENDING as never },
      ];
    case 'expired':
      return [{ status: 'expired' }, { status: 'open', expiresAt: LessThanOrEqual(now), amountPending: NOTHING_PENDING as never }];
  }
}

/** The `where` alternatives of a session list: every given filter applies to each. */
export function sessionListFilter(query: ListCheckoutSessionsQueryDto, now = new Date()): Where[] {
  const common: Where = {
    ...(query.customer !== undefined ? { customerId: query.customer } : {}),
    ...(query.paymentLink !== undefined ? { paymentLinkId: query.paymentLink } : {}),
  };
  const alternatives = query.status !== undefined ? statusAlternatives(query.status, now) : [{}];
  return alternatives.map((alternative) => ({ ...alternative, ...common }));
}
