import { decodeFunctionData, erc20Abi, hexToBigInt, type Address } from 'viem';
import { eip681Uri, transferTransaction } from './eip681';

const DEPOSIT = '0x5fbdb2315678afecb367f032d93f642f64180aa3' as Address;
const USDC_BASE = '0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913' as Address;

describe('eip681Uri', () => {
  it('asks for a token transfer with the contract, chain id, recipient and integer amount, addresses checksummed', () => {
    expect(eip681Uri({ chainId: 8453, depositAddress: DEPOSIT, token: USDC_BASE, amount: 12_340_000n })).toBe(
      'ethereum:0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913@8453/transfer?address=0x5FbDB2315678afecb367f032d93F642f64180aa3&uint256=12340000',
    );
  });

  it('asks for ETH with the deposit address as the target and the value in wei, never with an exponent', () => {
    expect(eip681Uri({ chainId: 1, depositAddress: DEPOSIT, token: null, amount: 10n ** 18n })).toBe(
      'ethereum:0x5FbDB2315678afecb367f032d93F642f64180aa3@1?value=1000000000000000000',
    );
    const large = eip681Uri({ chainId: 1, depositAddress: DEPOSIT, token: null, amount: 10n ** 30n });
    expect(large).toMatch(/\?value=1000000000000000000000000000000$/);
    expect(large).not.toMatch(/\d[eE][+-]?\d/);
  });

  it('refuses a zero amount: there is nothing to ask for', () => {
    expect(() => eip681Uri({ chainId: 1, depositAddress: DEPOSIT, token: null, amount: 0n })).toThrow(/positive/);
  });
});

describe('transferTransaction', () => {
  it("calls the token's transfer(deposit, amount) with no ETH", () => {
    const tx = transferTransaction({ chainId: 8453, depositAddress: DEPOSIT, token: USDC_BASE, amount: 12_340_000n });
    expect(tx.to).toBe(USDC_BASE);
    expect(tx.value).toBe('0x0');
    const call = decodeFunctionData({ abi: erc20Abi, data: tx.data! });
    expect(call).toEqual({ functionName: 'transfer', args: ['0x5FbDB2315678afecb367f032d93F642f64180aa3', 12_340_000n] });
  });

  it('sends ETH straight to the deposit address', () => {
    const tx = transferTransaction({ chainId: 1, depositAddress: DEPOSIT, token: null, amount: 1_500_000_000_000_000n });
    expect(tx).toEqual({ to: '0x5FbDB2315678afecb367f032d93F642f64180aa3', value: '0x5543df729c000', data: undefined });
    expect(hexToBigInt(tx.value)).toBe(1_500_000_000_000_000n);
  });
});
