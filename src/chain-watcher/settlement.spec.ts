import type { ChainHead } from '../chains/reading/chain-head';
import { settledThrough, tagsFor } from './settlement';

const head = (fields: Partial<ChainHead> = {}): ChainHead => ({ number: 1_000n, hash: '0x01', parentHash: '0x00', timestamp: 0n, ...fields });

describe('settlement rules (DESIGN.md §13)', () => {
  it('settles at the safe or finalized block the node reports, nothing while it reports none', () => {
    expect(settledThrough({ kind: 'tag', tag: 'safe' }, head({ safe: 990n, finalized: 950n }))).toBe(990n);
    expect(settledThrough({ kind: 'tag', tag: 'finalized' }, head({ safe: 990n, finalized: 950n }))).toBe(950n);
    expect(settledThrough({ kind: 'tag', tag: 'finalized' }, head())).toBe(-1n);
  });

  it('settles N blocks deep counting the payment’s own block: 1 confirmation is the head itself', () => {
    expect(settledThrough({ kind: 'confirmations', blocks: 1, thenFinalized: false }, head())).toBe(1_000n);
    expect(settledThrough({ kind: 'confirmations', blocks: 12, thenFinalized: false }, head())).toBe(989n);
  });

  it('with thenFinalized, waits for both the depth and the finalized tag', () => {
    const polygon = { kind: 'confirmations', blocks: 128, thenFinalized: true } as const;
    expect(settledThrough(polygon, head({ finalized: 800n }))).toBe(800n);
    expect(settledThrough(polygon, head({ finalized: 999n }))).toBe(873n);
    expect(settledThrough(polygon, head())).toBe(-1n);
  });

  it('reads only the tags a rule needs', () => {
    expect(tagsFor({ kind: 'tag', tag: 'safe' })).toEqual({ withSafe: true, withFinalized: false });
    expect(tagsFor({ kind: 'tag', tag: 'finalized' })).toEqual({ withSafe: false, withFinalized: true });
    expect(tagsFor({ kind: 'confirmations', blocks: 3, thenFinalized: false })).toEqual({ withSafe: false, withFinalized: false });
    expect(tagsFor({ kind: 'confirmations', blocks: 128, thenFinalized: true })).toEqual({ withSafe: false, withFinalized: true });
  });
});
