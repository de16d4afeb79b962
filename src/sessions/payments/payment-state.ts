/** `unpaid` → `pending` → `paid`, or `underpaid` (confirmed part, nothing pending), `overpaid` (DESIGN.md §13). */
export const PAYMENT_STATUS_VALUES = ['unpaid', 'pending', 'paid', 'underpaid', 'overpaid'] as const;
export type SessionPaymentStatus = (typeof PAYMENT_STATUS_VALUES)[number];

/** What the state of a session's payments depends on; amounts in base units. */
export interface CountedPayment {
  amount: bigint;
  status: 'pending' | 'confirmed' | 'reorged';
  matched: boolean;
  late: boolean;
}

export interface PaymentState {
  received: bigint;
  pending: bigint;
  /** What is still missing from the price, ≥ 0: a session within the tolerance is paid with a little still due. */
  due: bigint;
  status: SessionPaymentStatus;
  /** Confirmed payments cover the price within the tolerance: an open session completes. */
  covered: boolean;
}

const PPM = 1_000_000n;

/**
 * The payment state of a session from its payments alone: a pure function, so the watcher, the
 * presenter and the property tests agree by construction. Only matched, on-time payments count;
 * reorged ones count nowhere. `tolerancePpm` is the shortfall accepted as paid, in millionths of
 * the price (rounded down: the tolerance never grows past what was configured).
 */
export function paymentState(price: bigint, tolerancePpm: number, payments: readonly CountedPayment[]): PaymentState {
  let received = 0n;
  let pending = 0n;
  for (const payment of payments) {
    if (!payment.matched || payment.late) continue;
    if (payment.status === 'confirmed') received += payment.amount;
    else if (payment.status === 'pending') pending += payment.amount;
  }
  const threshold = price - (price * BigInt(tolerancePpm)) / PPM;
  const covered = received >= threshold;
  const due = received >= price ? 0n : price - received;
  return { received, pending, due, status: statusOf(price, received, pending, covered), covered };
}

function statusOf(price: bigint, received: bigint, pending: bigint, covered: boolean): SessionPaymentStatus {
  if (covered) return received > price ? 'overpaid' : 'paid';
  if (pending > 0n) return 'pending';
  return received > 0n ? 'underpaid' : 'unpaid';
}
