import { getAddress } from 'viem';
import { depositAddress, depositSalt } from '../chains/deposit-factory';
import { NETWORKS } from '../chains/networks';
import type { WaitingAddress } from './admin-client';
import { inBatches, planAddresses } from './sweep-plan';
import type { TargetChain } from './target-chain';

const local = { network: NETWORKS.local } as TargetChain;
const payout = getAddress('0x4444444444444444444444444444444444444444');
const usdc = NETWORKS.local.tokens.find((token) => token.currency === 'USDC')!;

function listed(overrides: Partial<WaitingAddress> = {}): WaitingAddress {
  const salt = depositSalt('cs_test');
  return {
    depositAddress: depositAddress(payout, salt),
    session: 'cs_test',
    livemode: false,
    payoutAddress: payout,
    salt,
    assets: [
      { currency: 'ETH', token: null, amount: '0.1' },
      { currency: 'USDC', token: usdc.address, amount: '5' },
    ],
    since: '2026-11-29T00:00:00.000Z',
    ...overrides,
  };
}

describe('planAddresses', () => {
  it('orders a sweep of the catalogue tokens listed, to the payout bound into the address', () => {
    expect(planAddresses(local, [listed()]).map((planned) => planned.order)).toEqual([{ payout, salt: depositSalt('cs_test'), tokens: [getAddress(usdc.address)] }]);
  });

  it('refuses a payout or salt that does not compute to the address', () => {
    const other = getAddress('0x5555555555555555555555555555555555555555');
    expect(() => planAddresses(local, [listed({ payoutAddress: other })])).toThrow('do not compute to it');
    expect(() => planAddresses(local, [listed({ salt: depositSalt('cs_other') })])).toThrow('do not compute to it');
  });

  it('refuses a token the catalogue does not have for that currency, and an address of the other mode', () => {
    expect(() => planAddresses(local, [listed({ assets: [{ currency: 'USDC', token: payout, amount: '5' }] })])).toThrow('which the catalogue does not');
    expect(() => planAddresses(local, [listed({ livemode: true })])).toThrow('wrong mode');
  });
});

describe('inBatches', () => {
  it('cuts in order, the last batch holding the rest', () => {
    expect(inBatches([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
  });
});
