import { parseUnits, type Address } from 'viem';
import { isNetworkName, NETWORKS, type SettlementRule } from '../chains/networks';
import type { CheckoutSessionResponse, SessionPaymentResponse } from '../sessions/dto/checkout-session-response.dto';
import { eip681Uri, transferTransaction, type TransferTransaction } from './eip681';

/** What the payer is told: waiting for a payment, one seen and settling, part paid, paid, or too late. */
export type PageState = 'awaiting' | 'pending' | 'underpaid' | 'paid' | 'expired';

/** One network the amount due can be paid on: the same deposit address, its own chain and token. */
export interface PayOption {
  network: string;
  label: string;
  chainId: number;
  currency: string;
  /** Null for ETH. */
  token: Address | null;
  /** The amount due, a decimal string in `currency`. */
  amount: string;
  /** The EIP-681 URI the QR code holds. */
  uri: string;
  /** The same transfer as the browser wallet sends it. */
  transaction: TransferTransaction;
}

export interface PaymentLine {
  txHash: string | null;
  networkLabel: string;
  amount: string;
  currency: string;
  status: SessionPaymentResponse['status'];
  /** How far it has settled, in words (`1 of 3 confirmations`). */
  progress: string;
  /** Counted towards the amount: matched and in time. */
  counted: boolean;
}

/** Everything a checkout page shows, and nothing else: built from the API's view of the session, never its customer or metadata. */
export interface CheckoutView {
  sessionId: string;
  livemode: boolean;
  state: PageState;
  amount: string;
  currency: string;
  amountDue: string;
  amountReceived: string;
  amountPending: string;
  expiresAt: Date;
  successUrl: string | null;
  cancelUrl: string | null;
  depositAddress: string | null;
  /** Where the amount due can be paid now; empty once nothing is to be paid (pending, paid, expired). */
  options: PayOption[];
  /** The option the page shows (`?network=`), else the first. */
  selected: PayOption | undefined;
  payments: PaymentLine[];
  notices: { late: boolean; unmatched: boolean; overpaid: boolean };
  /** Changes whenever the page would show something other than confirmations ticking up: the live status swaps in the new content then. */
  revision: string;
}

export type SettlementOf = (network: string) => SettlementRule | undefined;

export function pageStateOf(session: Pick<CheckoutSessionResponse, 'status' | 'amountPending' | 'amountReceived'>): PageState {
  if (session.status === 'complete') return 'paid';
  if (session.status === 'expired') return 'expired';
  if (session.amountPending !== '0') return 'pending';
  return session.amountReceived !== '0' ? 'underpaid' : 'awaiting';
}

export function checkoutView(session: CheckoutSessionResponse, settlementOf: SettlementOf, requestedNetwork?: string): CheckoutView {
  const state = pageStateOf(session);
  const payable = (state === 'awaiting' || state === 'underpaid') && session.depositAddress !== null;
  const options = payable ? session.networks.map((network) => payOption(network, session.depositAddress as Address, session.amountDue)) : [];
  const payments = session.payments.map((payment) => paymentLine(payment, settlementOf(payment.network)));
  return {
    sessionId: session.id,
    livemode: session.livemode,
    state,
    amount: session.amount,
    currency: session.currency,
    amountDue: session.amountDue,
    amountReceived: session.amountReceived,
    amountPending: session.amountPending,
    expiresAt: new Date(session.expiresAt),
    successUrl: session.successUrl,
    cancelUrl: session.cancelUrl,
    depositAddress: session.depositAddress,
    options,
    selected: options.find((option) => option.network === requestedNetwork) ?? options[0],
    payments,
    notices: {
      late: session.payments.some((payment) => payment.late),
      unmatched: session.payments.some((payment) => !payment.matched),
      overpaid: session.paymentStatus === 'overpaid',
    },
    revision: [state, session.amountReceived, session.amountPending, ...session.payments.map((payment) => payment.status)].join(':'),
  };
}

function payOption(network: CheckoutSessionResponse['networks'][number], depositAddress: Address, amountDue: string): PayOption {
  const request = { chainId: network.chainId, depositAddress, token: network.tokenContract as Address | null, amount: parseUnits(amountDue, network.decimals) };
  return {
    network: network.network,
    label: labelOf(network.network),
    chainId: network.chainId,
    currency: network.currency,
    token: request.token,
    amount: amountDue,
    uri: eip681Uri(request),
    transaction: transferTransaction(request),
  };
}

function paymentLine(payment: SessionPaymentResponse, rule: SettlementRule | undefined): PaymentLine {
  return {
    txHash: payment.txHash,
    networkLabel: labelOf(payment.network),
    amount: payment.amount,
    currency: payment.currency,
    status: payment.status,
    progress: progressOf(payment, rule),
    counted: payment.matched && !payment.late,
  };
}

/** Settlement in the payer's words: counted confirmations, and what else the network must say. */
export function progressOf(payment: Pick<SessionPaymentResponse, 'status' | 'confirmations'>, rule: SettlementRule | undefined): string {
  if (payment.status === 'confirmed') return 'confirmed';
  if (payment.status === 'reorged') return 'dropped by a chain reorganisation; waiting to see it again';
  const seen = `${payment.confirmations} ${payment.confirmations === 1 ? 'confirmation' : 'confirmations'}`;
  if (!rule) return seen;
  if (rule.kind === 'tag') return `${seen}; waiting for the network to mark it ${rule.tag}`;
  return `${payment.confirmations} of ${rule.blocks} confirmations${rule.thenFinalized ? ', then finality' : ''}`;
}

export function labelOf(network: string): string {
  return isNetworkName(network) ? NETWORKS[network].label : network;
}
