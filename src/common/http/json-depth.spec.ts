import { MAX_JSON_DEPTH, nestsDeeperThan } from './json-depth';

const nestedArrays = (depth: number): unknown => JSON.parse(`${'['.repeat(depth)}${']'.repeat(depth)}`);

describe('nestsDeeperThan', () => {
  it('counts the top-level object as level 1, objects and arrays alike', () => {
    expect(nestsDeeperThan({}, 1)).toBe(false);
    expect(nestsDeeperThan({ a: {} }, 1)).toBe(true);
    expect(nestsDeeperThan({ a: [1, 'x', null] }, 2)).toBe(false);
    expect(nestsDeeperThan({ a: [{ b: 1 }] }, 2)).toBe(true);
  });

  it('allows the limit and refuses one more', () => {
    expect(MAX_JSON_DEPTH).toBe(32);
    expect(nestsDeeperThan(nestedArrays(32), MAX_JSON_DEPTH)).toBe(false);
    expect(nestsDeeperThan(nestedArrays(33), MAX_JSON_DEPTH)).toBe(true);
  });

  it('walks without recursion, so any depth JSON.parse returns is safe to check', () => {
    expect(nestsDeeperThan(nestedArrays(200_000), MAX_JSON_DEPTH)).toBe(true);
    expect(nestsDeeperThan({ wide: Array.from({ length: 100_000 }, () => ({ a: 1 })) }, MAX_JSON_DEPTH)).toBe(false);
  });
});
