import { parseEther, type Address } from 'viem';
import { NETWORKS } from '../chains/networks';
import { valueInGasWei, worthSweeping, type WaitingAddress } from './sweep-policy';

const base = NETWORKS.base;
const USDC = base.tokens[0].address;
const at = (assets: WaitingAddress['assets'], since = new Date('2026-01-01T00:00:00Z')): WaitingAddress => ({
  address: '0x00000000000000000000000000000000000000d1' as Address,
  sessionId: 'cs_x',
  payout: '0x00000000000000000000000000000000000000aa' as Address,
  assets,
  since,
});
const thresholds = { minGasMultiple: 20, maxAgeHours: 24 };
const now = new Date('2026-01-01T01:00:00Z');

describe('sweep policy', () => {
  it('values ETH as it is and a stablecoin at a dollar over the gas coin’s rough price', () => {
    expect(valueInGasWei(base, at([{ currency: 'ETH', token: null, decimals: 18, amount: parseEther('0.5') }]))).toBe(parseEther('0.5'));
    // 3,000 USDC at a rough 3,000 dollars an ETH: one ETH.
    expect(valueInGasWei(base, at([{ currency: 'USDC', token: USDC, decimals: 6, amount: 3_000_000_000n }]))).toBe(parseEther('1'));
    // On Polygon gas is POL (a quarter): a dollar is four POL; its ETH-less catalogue has no native asset to count.
    expect(valueInGasWei(NETWORKS.polygon, at([{ currency: 'USDC', token: NETWORKS.polygon.tokens[0].address, decimals: 6, amount: 1_000_000n }]))).toBe(parseEther('4'));
  });

  it('sweeps an address holding at least the multiple of its gas share, not below', () => {
    const share = parseEther('0.0001');
    const exactly = at([{ currency: 'ETH', token: null, decimals: 18, amount: 20n * share }]);
    const under = at([{ currency: 'ETH', token: null, decimals: 18, amount: 20n * share - 1n }]);

    expect(worthSweeping(base, exactly, { shareWei: share, thresholds, now, force: false })).toBe(true);
    expect(worthSweeping(base, under, { shareWei: share, thresholds, now, force: false })).toBe(false);
  });

  it('sweeps a small amount once it has waited the maximum age, or when an operator forces it', () => {
    const dust = [{ currency: 'USDC', token: USDC, decimals: 6, amount: 1n }];
    const share = parseEther('0.001');

    expect(worthSweeping(base, at(dust), { shareWei: share, thresholds, now, force: false })).toBe(false);
    expect(worthSweeping(base, at(dust, new Date('2025-12-31T01:00:00Z')), { shareWei: share, thresholds, now, force: false })).toBe(true);
    expect(worthSweeping(base, at(dust), { shareWei: share, thresholds, now, force: true })).toBe(true);
  });
});
