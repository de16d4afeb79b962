import { isSimulation, simulatedAmount } from './simulated-payment';

describe('simulatedAmount', () => {
  it('leaves the exact amount to the test helper (what is due)', () => {
    expect(simulatedAmount('exact', 10_000_000n, 6)).toBeUndefined();
  });

  it('pays half for too little and one and a half times for too much, in whole base units', () => {
    expect(simulatedAmount('under', 10_000_000n, 6)).toBe('5');
    expect(simulatedAmount('over', 10_000_000n, 6)).toBe('15');
    expect(simulatedAmount('under', 3n, 6)).toBe('0.000001');
    expect(simulatedAmount('over', 1n, 18)).toBe('0.000000000000000002');
  });

  it('knows its three kinds only', () => {
    expect(['exact', 'under', 'over'].every(isSimulation)).toBe(true);
    expect(isSimulation('free')).toBe(false);
    expect(isSimulation(['exact'])).toBe(false);
  });
});
