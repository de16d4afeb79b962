import { formatUnits, parseUnits, type Address } from 'viem';
import { assetOfToken, assetOn, isNetworkName, NETWORKS } from '../chains/networks';
import type { CheckoutSession, SessionStatus } from './checkout-session.entity';
import type { CheckoutSessionResponse, SessionNetworkResponse, SessionPaymentResponse } from './dto/checkout-session-response.dto';
import type { Payment } from './payments/payment.entity';

/**
 * An open session past its expiry is expired from that instant, whether or not the sweeper has
 * run — unless a payment seen in time is still settling: it may yet complete the session.
 */
export function effectiveStatus(session: CheckoutSession, now = Date.now()): SessionStatus {
  const overdue = session.status === 'open' && session.expiresAt.getTime() <= now && session.amountPending === 0n;
  return overdue ? 'expired' : session.status;
}

/** The price in base units: what payments are counted against. */
export function priceInBaseUnits(session: CheckoutSession): bigint {
  return parseUnits(session.amount, session.assetDecimals);
}

/** `url` is the session's hosted page, secret included (`CheckoutPageUrls`). */
export function presentCheckoutSession(session: CheckoutSession, url: string): CheckoutSessionResponse {
  const decimals = session.assetDecimals;
  const price = priceInBaseUnits(session);
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
    url,
    metadata: session.metadata,
    depositAddress: session.depositAddress,
    networks: session.networks.flatMap((name) => presentNetwork(name, session.currency)),
    paymentStatus: session.paymentStatus,
    amountReceived: formatUnits(session.amountReceived, decimals),
    amountPending: formatUnits(session.amountPending, decimals),
    amountDue: formatUnits(session.amountReceived >= price ? 0n : price - session.amountReceived, decimals),
    payments: [...(session.payments ?? [])].sort(byChainOrder).map(presentPayment),
    expiresAt: session.expiresAt,
    completedAt: session.completedAt,
    createdAt: session.createdAt,
  };
}

function presentNetwork(name: string, currency: string): SessionNetworkResponse[] {
  if (!isNetworkName(name)) return [];
  const network = NETWORKS[name];
  const asset = assetOn(network, currency);
  return asset ? [{ network: name, chainId: network.chainId, currency, tokenContract: asset.token, decimals: asset.decimals }] : [];
}

function presentPayment(payment: Payment): SessionPaymentResponse {
  const asset = isNetworkName(payment.network) ? assetOfToken(NETWORKS[payment.network], payment.tokenAddress as Address | null) : undefined;
  return {
    network: payment.network,
    currency: payment.currency,
    txHash: payment.txHash,
    logIndex: payment.logIndex,
    from: payment.fromAddress,
    amount: formatUnits(payment.amount, asset?.decimals ?? 0),
    blockNumber: Number(payment.blockNumber),
    confirmations: payment.confirmations,
    status: payment.status,
    matched: payment.matched,
    late: payment.late,
    detectedAt: payment.detectedAt,
    confirmedAt: payment.confirmedAt,
  };
}

function byChainOrder(a: Payment, b: Payment): number {
  return a.detectedAt.getTime() - b.detectedAt.getTime() || Number(a.blockNumber - b.blockNumber) || (a.logIndex ?? -1) - (b.logIndex ?? -1);
}
