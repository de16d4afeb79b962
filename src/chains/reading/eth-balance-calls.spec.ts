import fc from 'fast-check';
import { bytesToHex, decodeFunctionData, encodeAbiParameters, encodeFunctionData, getAddress, multicall3Abi, type Address, type Hex } from 'viem';
import { MULTICALL3_ADDRESS } from '../multicall3';
import { decodeEthBalanceResults, encodeEthBalanceCalls } from './eth-balance-calls';

const address = fc.uint8Array({ minLength: 20, maxLength: 20 }).map((bytes) => getAddress(bytesToHex(bytes)));
const balance = fc.bigInt({ min: 0n, max: 2n ** 256n - 1n });

/** What viem's general coder makes of the same calls: the reference. */
function viemCalldata(addresses: readonly Address[]): Hex {
  const calls = addresses.map((holder) => ({
    target: MULTICALL3_ADDRESS,
    allowFailure: false,
    callData: encodeFunctionData({ abi: multicall3Abi, functionName: 'getEthBalance', args: [holder] }),
  }));
  return encodeFunctionData({ abi: multicall3Abi, functionName: 'aggregate3', args: [calls] });
}

function aggregate3Answer(results: readonly { success: boolean; returnData: Hex }[]): Hex {
  const [aggregate3] = multicall3Abi.filter((item) => item.type === 'function' && item.name === 'aggregate3');
  return encodeAbiParameters(aggregate3.outputs, [results]);
}

const balanceWord = (value: bigint): Hex => encodeAbiParameters([{ type: 'uint256' }], [value]);

describe('Multicall3 getEthBalance calldata', () => {
  it('encodes exactly as viem does, for 0 to 40 addresses', () => {
    fc.assert(
      fc.property(fc.array(address, { maxLength: 40 }), (addresses) => {
        expect(encodeEthBalanceCalls(addresses)).toBe(viemCalldata(addresses));
      }),
    );
  });

  it('asks Multicall3 itself for each balance, in order, none allowed to fail', () => {
    const addresses = ['0x00000000000000000000000000000000000000aa', '0xffffffffffffffffffffffffffffffffffffffff'].map((hex) => getAddress(hex));
    const { functionName, args } = decodeFunctionData({ abi: multicall3Abi, data: encodeEthBalanceCalls(addresses) });
    expect(functionName).toBe('aggregate3');
    const calls = (args as readonly [readonly { target: Address; allowFailure: boolean; callData: Hex }[]])[0];
    expect(calls.map((call) => [call.target, call.allowFailure, decodeFunctionData({ abi: multicall3Abi, data: call.callData })])).toEqual(
      addresses.map((holder) => [MULTICALL3_ADDRESS, false, { functionName: 'getEthBalance', args: [holder] }]),
    );
  });
});

describe('Multicall3 getEthBalance answers', () => {
  it('decodes what viem encodes, for 0 to 40 balances up to 2^256 − 1', () => {
    fc.assert(
      fc.property(fc.array(balance, { maxLength: 40 }), (balances) => {
        const answer = aggregate3Answer(balances.map((value) => ({ success: true, returnData: balanceWord(value) })));
        expect(decodeEthBalanceResults(answer, balances.length)).toEqual(balances);
      }),
    );
  });

  it('refuses an answer with another number of results', () => {
    const answer = aggregate3Answer([{ success: true, returnData: balanceWord(1n) }]);
    expect(() => decodeEthBalanceResults(answer, 2)).toThrow('aggregate3 answered 1 results for 2 calls');
  });

  it('refuses a failed call or one that returned something else than a balance', () => {
    const failed = aggregate3Answer([{ success: false, returnData: balanceWord(1n) }]);
    expect(() => decodeEthBalanceResults(failed, 1)).toThrow('getEthBalance call 0 did not return a balance');
    const short = aggregate3Answer([{ success: true, returnData: '0x01' }]);
    expect(() => decodeEthBalanceResults(short, 1)).toThrow('getEthBalance call 0 did not return a balance');
  });

  it('refuses a truncated answer', () => {
    const answer = aggregate3Answer([{ success: true, returnData: balanceWord(5n) }]);
    expect(() => decodeEthBalanceResults(answer.slice(0, -2) as Hex, 1)).toThrow('truncated');
  });
});
