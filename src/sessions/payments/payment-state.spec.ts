import fc from 'fast-check';
import { paymentState, type CountedPayment } from './payment-state';

const payment = fc.record({
  amount: fc.bigInt({ min: 1n, max: 10n ** 24n }),
  status: fc.constantFrom('pending', 'confirmed', 'reorged'),
  matched: fc.boolean(),
  late: fc.boolean(),
}) as fc.Arbitrary<CountedPayment>;
const price = fc.bigInt({ min: 1n, max: 10n ** 24n });
const tolerance = fc.integer({ min: 0, max: 1_000_000 });
const sum = (payments: CountedPayment[], status: CountedPayment['status']) =>
  payments.filter((p) => p.matched && !p.late && p.status === status).reduce((total, p) => total + p.amount, 0n);

describe('paymentState', () => {
  it('counts exactly the matched, on-time payments: confirmed as received, pending as pending', () => {
    fc.assert(
      fc.property(price, tolerance, fc.array(payment, { maxLength: 12 }), (amount, ppm, payments) => {
        const state = paymentState(amount, ppm, payments);
        expect(state.received).toBe(sum(payments, 'confirmed'));
        expect(state.pending).toBe(sum(payments, 'pending'));
        expect(state.due).toBe(state.received >= amount ? 0n : amount - state.received);
      }),
      { numRuns: 500 },
    );
  });

  it('does not depend on the order payments were seen in', () => {
    const reordered = fc
      .array(payment, { maxLength: 12 })
      .chain((payments) => fc.tuple(fc.constant(payments), fc.shuffledSubarray(payments, { minLength: payments.length, maxLength: payments.length })));
    fc.assert(
      fc.property(price, tolerance, reordered, (amount, ppm, [payments, shuffled]) => {
        expect(paymentState(amount, ppm, shuffled)).toEqual(paymentState(amount, ppm, payments));
      }),
      { numRuns: 300 },
    );
  });

  it('is not moved by reorged, unmatched or late payments', () => {
    const ignored = payment.filter((p) => p.status === 'reorged' || !p.matched || p.late);
    fc.assert(
      fc.property(price, tolerance, fc.array(payment, { maxLength: 8 }), fc.array(ignored, { maxLength: 8 }), (amount, ppm, counted, extra) => {
        expect(paymentState(amount, ppm, [...counted, ...extra])).toEqual(paymentState(amount, ppm, counted));
      }),
      { numRuns: 300 },
    );
  });

  it('covers the price exactly when received reaches it less the tolerance (rounded in the merchant’s favour)', () => {
    fc.assert(
      fc.property(price, tolerance, fc.array(payment, { maxLength: 12 }), (amount, ppm, payments) => {
        const state = paymentState(amount, ppm, payments);
        const shortfall = amount - state.received;
        expect(state.covered).toBe(shortfall <= (amount * BigInt(ppm)) / 1_000_000n);
        if (ppm === 0) expect(state.covered).toBe(state.received >= amount);
      }),
      { numRuns: 500 },
    );
  });

  it('names the status from the amounts: overpaid, paid, pending, underpaid, unpaid', () => {
    fc.assert(
      fc.property(price, tolerance, fc.array(payment, { maxLength: 12 }), (amount, ppm, payments) => {
        const state = paymentState(amount, ppm, payments);
        const expected = state.covered
          ? state.received > amount
            ? 'overpaid'
            : 'paid'
          : state.pending > 0n
            ? 'pending'
            : state.received > 0n
              ? 'underpaid'
              : 'unpaid';
        expect(state.status).toBe(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('never uncovers a session when another confirmed payment arrives', () => {
    const confirmed = payment.map((p) => ({ ...p, status: 'confirmed' as const, matched: true, late: false }));
    fc.assert(
      fc.property(price, tolerance, fc.array(payment, { maxLength: 12 }), confirmed, (amount, ppm, payments, next) => {
        const before = paymentState(amount, ppm, payments);
        const after = paymentState(amount, ppm, [...payments, next]);
        expect(after.received).toBe(before.received + next.amount);
        if (before.covered) expect(after.covered).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('reads the examples of DESIGN.md §13', () => {
    const paid = (amount: bigint) => ({ amount, status: 'confirmed' as const, matched: true, late: false });
    expect(paymentState(10_000_000n, 0, []).status).toBe('unpaid');
    expect(paymentState(10_000_000n, 0, [{ ...paid(10_000_000n), status: 'pending' }]).status).toBe('pending');
    expect(paymentState(10_000_000n, 0, [paid(4_000_000n)])).toEqual({ received: 4_000_000n, pending: 0n, due: 6_000_000n, status: 'underpaid', covered: false });
    expect(paymentState(10_000_000n, 0, [paid(4_000_000n), paid(6_000_000n)]).status).toBe('paid');
    expect(paymentState(10_000_000n, 0, [paid(10_000_001n)]).status).toBe('overpaid');
    // 0.5 % tolerance: 9.95 of 10 is paid, 9.949999 is not.
    expect(paymentState(10_000_000n, 5_000, [paid(9_950_000n)]).covered).toBe(true);
    expect(paymentState(10_000_000n, 5_000, [paid(9_949_999n)]).covered).toBe(false);
  });
});
