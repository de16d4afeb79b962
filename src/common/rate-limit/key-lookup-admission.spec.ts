import type { Request } from 'express';
import type { AppConfig } from '../../config/app-config';
import type { AuthFailureLimiter } from './auth-failure-limiter';
import { BLIND_LOOKUPS_PER_SECOND, KeyLookupAdmission } from './key-lookup-admission';

const LIMIT = 5;

function admission(overLimit = false, disabled = false): KeyLookupAdmission {
  const failures = { isOverLimit: () => overLimit } as unknown as AuthFailureLimiter;
  const config = { rateLimits: { unauthenticated: LIMIT, disabled } } as unknown as AppConfig;
  return new KeyLookupAdmission(failures, config);
}

const from = (ip: string) => ({ ip, socket: {} }) as unknown as Request;
const cannotTell = () => undefined;

describe('KeyLookupAdmission', () => {
  it('admits the limit of unproven lookups a second per address, in flight ones included, whatever the other addresses do', () => {
    const gate = admission();
    const admitted = Array.from({ length: LIMIT + 3 }, () => gate.admit(from('192.0.2.1'), () => false));
    expect(admitted.filter(Boolean)).toHaveLength(LIMIT);
    expect(gate.admit(from('192.0.2.2'), () => false)).toBeDefined();
  });

  it('gives a lookup that proved valid back, so valid keys never use up the allowance', () => {
    const gate = admission();
    for (let i = 0; i < 3 * LIMIT; i++) gate.admit(from('192.0.2.1'), () => false)!.succeeded();
    expect(Array.from({ length: LIMIT }, () => gate.admit(from('192.0.2.1'), () => false)).every(Boolean)).toBe(true);
  });

  it('beyond the allowance, admits exactly the keys the index knows, and asks it only then', () => {
    const gate = admission(true);
    const asked: string[] = [];
    expect(gate.admit(from('192.0.2.1'), () => (asked.push('issued'), true))).toBeDefined();
    expect(gate.admit(from('192.0.2.1'), () => (asked.push('made up'), false))).toBeUndefined();
    expect(asked).toEqual(['issued', 'made up']);

    const within = admission();
    within.admit(from('192.0.2.1'), () => (asked.push('within'), false));
    expect(asked).not.toContain('within');
  });

  it(`while the index cannot tell, admits ${BLIND_LOOKUPS_PER_SECOND} a second beyond the allowance`, () => {
    const gate = admission(true);
    const admitted = Array.from({ length: 20 }, () => gate.admit(from('192.0.2.1'), cannotTell));
    expect(admitted.filter(Boolean)).toHaveLength(BLIND_LOOKUPS_PER_SECOND);
  });

  it('admits everything when rate limits are disabled', () => {
    const gate = admission(true, true);
    expect(Array.from({ length: 50 }, () => gate.admit(from('192.0.2.1'), () => false)).every(Boolean)).toBe(true);
  });
});
