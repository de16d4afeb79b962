import type { CheckoutSessionResponse, SessionPaymentResponse } from '../sessions/dto/checkout-session-response.dto';
import { checkoutView, pageStateOf, progressOf } from './checkout-view';

const DEPOSIT = '0x5FbDB2315678afecb367f032d93F642f64180aa3';

function session(fields: Partial<CheckoutSessionResponse> = {}): CheckoutSessionResponse {
  return {
    id: 'cs_01jdqvtsjxf2nbrexx3vqjhp41',
    object: 'checkout_session',
    livemode: false,
    status: 'open',
    amount: '10',
    currency: 'USDC',
    paymentLink: null,
    customer: 'cus_01jdqvtsjxf2nbrexx3vqjhp41',
    successUrl: 'https://shop.example/thanks',
    cancelUrl: null,
    url: 'https://pay.example/checkout/cs_01jdqvtsjxf2nbrexx3vqjhp41?s=x',
    metadata: { private: 'note' },
    depositAddress: DEPOSIT,
    networks: [
      { network: 'base-sepolia', chainId: 84532, currency: 'USDC', tokenContract: '0x036CbD53842c5426634e7929541eC2318f3dCF7e', decimals: 6 },
      { network: 'local', chainId: 31337, currency: 'USDC', tokenContract: '0x1111111111111111111111111111111111111111', decimals: 6 },
    ],
    paymentStatus: 'unpaid',
    amountReceived: '0',
    amountPending: '0',
    amountDue: '10',
    payments: [],
    expiresAt: new Date('2030-01-01T00:00:00Z'),
    completedAt: null,
    createdAt: new Date('2029-12-31T23:00:00Z'),
    ...fields,
  };
}

function payment(fields: Partial<SessionPaymentResponse>): SessionPaymentResponse {
  return {
    network: 'local',
    currency: 'USDC',
    txHash: `0x${'ab'.repeat(32)}`,
    logIndex: 0,
    from: null,
    amount: '4',
    blockNumber: 10,
    confirmations: 0,
    status: 'pending',
    matched: true,
    late: false,
    detectedAt: new Date(),
    confirmedAt: null,
    ...fields,
  };
}

const settlement = () => ({ kind: 'confirmations', blocks: 3, thenFinalized: false }) as const;

describe('pageStateOf', () => {
  it.each([
    [{ status: 'open', amountPending: '0', amountReceived: '0' }, 'awaiting'],
    [{ status: 'open', amountPending: '4', amountReceived: '0' }, 'pending'],
    [{ status: 'open', amountPending: '4', amountReceived: '4' }, 'pending'],
    [{ status: 'open', amountPending: '0', amountReceived: '4' }, 'underpaid'],
    [{ status: 'complete', amountPending: '0', amountReceived: '10' }, 'paid'],
    [{ status: 'expired', amountPending: '0', amountReceived: '4' }, 'expired'],
  ] as const)('%j → %s', (fields, state) => {
    expect(pageStateOf(fields)).toBe(state);
  });
});

describe('checkoutView', () => {
  it('offers every network for the amount due, the requested one selected, with its QR transfer', () => {
    const view = checkoutView(session({ paymentStatus: 'underpaid', amountReceived: '4', amountDue: '6' }), settlement, 'local');
    expect(view.state).toBe('underpaid');
    expect(view.options.map((option) => [option.network, option.label, option.amount])).toEqual([
      ['base-sepolia', 'Base Sepolia', '6'],
      ['local', 'Local dev chain', '6'],
    ]);
    expect(view.selected?.uri).toBe(`ethereum:0x1111111111111111111111111111111111111111@31337/transfer?address=${DEPOSIT}&uint256=6000000`);
    expect(checkoutView(session(), settlement, 'ethereum').selected?.network).toBe('base-sepolia');
  });

  it('offers nothing to pay while a payment settles, once paid or expired, or without a deposit address', () => {
    for (const fields of [{ amountPending: '10' }, { status: 'complete' as const }, { status: 'expired' as const }, { depositAddress: null, networks: [] }]) {
      const view = checkoutView(session(fields), settlement);
      expect(view.options).toEqual([]);
      expect(view.selected).toBeUndefined();
    }
  });

  it('carries nothing of the customer or the metadata', () => {
    const text = JSON.stringify(checkoutView(session(), settlement));
    expect(text).not.toContain('cus_');
    expect(text).not.toContain('private');
  });

  it('lists payments with their settlement, and notices late, unmatched and overpaid ones', () => {
    const view = checkoutView(
      session({
        status: 'complete',
        paymentStatus: 'overpaid',
        payments: [payment({ confirmations: 1 }), payment({ currency: 'USDT', matched: false, status: 'confirmed' }), payment({ late: true, status: 'confirmed' })],
      }),
      settlement,
    );
    expect(view.payments.map((line) => [line.progress, line.counted])).toEqual([
      ['1 of 3 confirmations', true],
      ['confirmed', false],
      ['confirmed', false],
    ]);
    expect(view.notices).toEqual({ late: true, unmatched: true, overpaid: true });
  });

  it('changes its revision when the state, the amounts or a payment’s status change, not when confirmations tick up', () => {
    const seen = checkoutView(session({ amountPending: '10', payments: [payment({ confirmations: 0 })] }), settlement).revision;
    expect(checkoutView(session({ amountPending: '10', payments: [payment({ confirmations: 2 })] }), settlement).revision).toBe(seen);
    expect(checkoutView(session({ status: 'complete', amountReceived: '10', payments: [payment({ status: 'confirmed' })] }), settlement).revision).not.toBe(seen);
  });
});

describe('progressOf', () => {
  it('says how far a payment has settled in the words of its network’s rule', () => {
    expect(progressOf({ status: 'pending', confirmations: 1 }, { kind: 'confirmations', blocks: 1, thenFinalized: false })).toBe('1 of 1 confirmations');
    expect(progressOf({ status: 'pending', confirmations: 40 }, { kind: 'confirmations', blocks: 128, thenFinalized: true })).toBe('40 of 128 confirmations, then finality');
    expect(progressOf({ status: 'pending', confirmations: 1 }, { kind: 'tag', tag: 'finalized' })).toBe('1 confirmation; waiting for the network to mark it finalized');
    expect(progressOf({ status: 'confirmed', confirmations: 3 }, undefined)).toBe('confirmed');
    expect(progressOf({ status: 'reorged', confirmations: 0 }, undefined)).toMatch(/reorganisation/);
  });
});
