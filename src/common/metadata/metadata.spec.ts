import { METADATA_LIMITS, metadataProblem } from './metadata';

function withKeys(count: number): Record<string, string> {
  return Object.fromEntries(Array.from({ length: count }, (_, i) => [`key${i}`, 'value']));
}

describe('metadataProblem', () => {
  it('accepts an empty object', () => {
    expect(metadataProblem({})).toBeUndefined();
  });

  it('accepts string keys with string values', () => {
    expect(metadataProblem({ plan: 'pro', order_id: '6735' })).toBeUndefined();
  });

  it('accepts 50 keys and rejects 51', () => {
    expect(METADATA_LIMITS.keys).toBe(50);
    expect(metadataProblem(withKeys(50))).toBeUndefined();
    expect(metadataProblem(withKeys(51))).toBe('can have at most 50 keys');
  });

  it('accepts a 40-character key and rejects a 41-character one', () => {
    expect(metadataProblem({ ['k'.repeat(40)]: 'v' })).toBeUndefined();
    expect(metadataProblem({ ['k'.repeat(41)]: 'v' })).toBe('keys must be 1 to 40 characters long (got one of 41)');
  });

  it('rejects an empty key', () => {
    expect(metadataProblem({ '': 'v' })).toBe('keys must be 1 to 40 characters long (got one of 0)');
  });

  it('accepts a 500-character value and rejects a 501-character one', () => {
    expect(metadataProblem({ note: 'x'.repeat(500) })).toBeUndefined();
    expect(metadataProblem({ note: 'x'.repeat(501) })).toBe(
      "values must be at most 500 characters long (the value of 'note' is 501)",
    );
  });

  it('accepts an empty string value', () => {
    expect(metadataProblem({ note: '' })).toBeUndefined();
  });

  it.each([42, true, null, { nested: 'x' }, ['x']])('rejects the non-string value %p', (value) => {
    expect(metadataProblem({ ok: 'fine', bad: value })).toBe("values must be strings (the value of 'bad' is not)");
  });

  it.each([[['a', 'b']], [[]], [null], ['plan=pro'], [42], [undefined]])('rejects %p as a whole', (value) => {
    expect(metadataProblem(value)).toBe('must be an object of string keys and string values');
  });
});
