import { advisoryLockKey, advisoryLockTag } from './advisory-lock-key';

describe('advisoryLockKey', () => {
  it('is the same for a name in every process and version (pinned: instances of different versions must agree)', () => {
    expect(advisoryLockKey('chain-watcher:base')).toBe(-9163628686092009711n);
    expect(advisoryLockKey('chain-watcher:ethereum')).toBe(-7654133498714250737n);
  });

  it('fits PostgreSQL bigint', () => {
    for (const name of ['', 'a', 'chain-watcher:base', 'ünïcode', 'x'.repeat(1_000)]) {
      expect(BigInt.asIntN(64, advisoryLockKey(name))).toBe(advisoryLockKey(name));
    }
  });

  it('differs between names, including names that differ in one character or only by case', () => {
    const names = ['chain-watcher:base', 'chain-watcher:basf', 'Chain-watcher:base', 'sweeper:base', 'chain-watcher:base-sepolia', ''];
    for (let i = 0; i < 1_000; i++) names.push(`chain-watcher:network-${i}`);
    expect(new Set(names.map(advisoryLockKey)).size).toBe(names.length);
  });
});

describe('advisoryLockTag', () => {
  it('splits the key into its unsigned high and low 32 bits, as pg_locks shows them', () => {
    expect(advisoryLockTag(0n)).toEqual({ classid: 0, objid: 0 });
    expect(advisoryLockTag(1n)).toEqual({ classid: 0, objid: 1 });
    expect(advisoryLockTag(0x1_0000_0000n)).toEqual({ classid: 1, objid: 0 });
    expect(advisoryLockTag(-1n)).toEqual({ classid: 0xffff_ffff, objid: 0xffff_ffff });
    expect(advisoryLockTag(-(2n ** 63n))).toEqual({ classid: 0x8000_0000, objid: 0 });
    expect(advisoryLockTag(2n ** 63n - 1n)).toEqual({ classid: 0x7fff_ffff, objid: 0xffff_ffff });
    expect(advisoryLockTag(-9163628686092009711n)).toEqual({ classid: 0x80d4_4042, objid: 0xcfe7_ff11 });
  });
});
