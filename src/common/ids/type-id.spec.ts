import { isId, newId } from './type-id';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('newId', () => {
  it('is the prefix, an underscore and 26 lowercase base32 characters', () => {
    expect(newId('cus')).toMatch(/^cus_[0-9a-z]{26}$/);
    expect(newId('plink')).toMatch(/^plink_[0-9a-z]{26}$/);
  });

  it('returns a different id on every call', () => {
    const ids = new Set(Array.from({ length: 100 }, () => newId('cus')));
    expect(ids.size).toBe(100);
  });

  it('sorts ids created in different milliseconds in creation order', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      ids.push(newId('cus'));
      await sleep(3);
    }

    expect([...ids].sort()).toEqual(ids);
  });
});

describe('isId', () => {
  const valid = newId('cus');

  it('accepts a freshly made id of the same prefix', () => {
    expect(isId('cus', valid)).toBe(true);
  });

  it('accepts the largest valid suffix', () => {
    expect(isId('cus', 'cus_7zzzzzzzzzzzzzzzzzzzzzzzzz')).toBe(true);
  });

  it('rejects an id with another prefix', () => {
    expect(isId('cus', newId('key'))).toBe(false);
    expect(isId('key', valid)).toBe(false);
  });

  it('rejects a prefix that only starts the same way', () => {
    expect(isId('cs', newId('cus').replace(/^cus_/, 'csx_'))).toBe(false);
  });

  it('rejects an uppercase suffix', () => {
    expect(isId('cus', `cus_${valid.slice(4).toUpperCase()}`)).toBe(false);
  });

  it('rejects an uppercase prefix', () => {
    expect(isId('cus', `CUS_${valid.slice(4)}`)).toBe(false);
  });

  it('rejects a suffix of the wrong length', () => {
    expect(isId('cus', valid.slice(0, -1))).toBe(false);
    expect(isId('cus', `${valid}0`)).toBe(false);
  });

  it('rejects an empty suffix', () => {
    expect(isId('cus', 'cus_')).toBe(false);
  });

  it('rejects a suffix that overflows 128 bits', () => {
    expect(isId('cus', 'cus_8zzzzzzzzzzzzzzzzzzzzzzzzz')).toBe(false);
  });

  it('rejects characters outside the base32 alphabet', () => {
    expect(isId('cus', `cus_${valid.slice(4, -1)}u`)).toBe(false);
  });

  it.each([undefined, null, 42, {}, ['cus']])('rejects the non-string %p', (value) => {
    expect(isId('cus', value)).toBe(false);
  });
});
