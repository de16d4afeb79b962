import fc from 'fast-check';
import { bytesToHex, concat, getAddress, numberToHex, type Hex } from 'viem';
import { decodeEthBalanceResults, encodeEthBalanceCalls } from './eth-balance-calls';

const address = fc.uint8Array({ minLength: 20, maxLength: 20 }).map((bytes) => getAddress(bytesToHex(bytes)));
const balance = fc.bigInt({ min: 0n, max: 2n ** 96n - 1n });
const balanceWord = (value: bigint): Hex => numberToHex(value, { size: 12 });

// What the code does is checked on Anvil (test/chain-reading.e2e-spec.ts): these check the framing.
describe('contract-less balance read: data', () => {
  it('is the same code followed by the addresses, 20 bytes each, in order', () => {
    const code = encodeEthBalanceCalls([]);
    fc.assert(
      fc.property(fc.array(address, { maxLength: 40 }), (addresses) => {
        expect(encodeEthBalanceCalls(addresses)).toBe(concat([code, ...addresses]).toLowerCase());
      }),
    );
  });

  it('starts by pushing its own length, where the addresses begin', () => {
    const code = encodeEthBalanceCalls([]);
    expect(code.slice(0, 4)).toBe('0x60');
    expect(Number.parseInt(code.slice(4, 6), 16)).toBe((code.length - 2) / 2);
  });
});

describe('contract-less balance read: answer', () => {
  it('decodes 12 bytes per address, for 0 to 40 balances up to 2^96 − 1', () => {
    fc.assert(
      fc.property(fc.array(balance, { maxLength: 40 }), (balances) => {
        expect(decodeEthBalanceResults(concat(['0x', ...balances.map(balanceWord)]), balances.length)).toEqual(balances);
      }),
    );
  });

  it('refuses an answer of another length', () => {
    const two = concat([balanceWord(1n), balanceWord(2n)]);
    expect(() => decodeEthBalanceResults(two, 3)).toThrow('the balance read answered 24 bytes for 3 addresses');
    expect(() => decodeEthBalanceResults(two.slice(0, -2) as Hex, 2)).toThrow('answered 23 bytes');
  });
});
