import type { CheckoutSession, SessionStatus } from './checkout-session.entity';
import type { CheckoutSessionResponse } from './dto/checkout-session-response.dto';

/** An open session past its expiry is expired from that instant, whether or not the sweeper has run. */
export function effectiveStatus(session: CheckoutSession, now = Date.now()): SessionStatus {
  return session.status === 'open' && session.expiresAt.getTime() <= now ? 'expired' : session.status;
}

export function presentCheckoutSession(session: CheckoutSession, publicBaseUrl: string): CheckoutSessionResponse {
  return {
    id: session.id,
    object: 'checkout_session',
    livemode: session.livemode,
    status: effectiveStatus(session),
    amount: session.amount,
    currency: session.currency,
    paymentLink: session.paymentLinkId,
    customer: session.customerId,
    successUrl: session.successUrl,
    cancelUrl: session.cancelUrl,
    url: `${publicBaseUrl}/checkout/${session.id}`,
    metadata: session.metadata,
    expiresAt: session.expiresAt,
    completedAt: session.completedAt,
    createdAt: session.createdAt,
  };
}
