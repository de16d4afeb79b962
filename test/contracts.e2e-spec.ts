import fc from 'fast-check';
import { bytesToHex, getAddress, parseEventLogs, zeroAddress, type Address, type Hex } from 'viem';
import { depositFactoryArtifact } from '../contracts/artifacts/DepositFactory';
import { testTokenArtifact } from '../contracts/artifacts/TestToken';
import { tetherLikeTokenArtifact } from '../contracts/artifacts/TetherLikeToken';
import { DEPOSIT_FACTORY_ADDRESS, depositAddress, depositFactoryDeployment } from '../src/chains/deposit-factory';
import { startTestChain, type TestChain } from './support/evm';

const factoryAbi = depositFactoryArtifact.abi;
const tokenAbi = testTokenArtifact.abi;

let chain: TestChain;
let usdc: Address;
let usdt: Address;
let tokens: Address[];

beforeAll(async () => {
  chain = await startTestChain();
  await chain.mined(await chain.walletClient.sendTransaction(depositFactoryDeployment));
  usdc = await chain.deploy(testTokenArtifact, ['Test USD Coin', 'USDC']);
  usdt = await chain.deploy(tetherLikeTokenArtifact, ['Test Tether USD', 'USDT']);
  tokens = [usdc, usdt];
});

afterAll(() => chain?.stop());

let counter = 0n;
/** A fresh address or salt, never used before in this suite. */
function fresh(bytes: 20 | 32): Hex {
  counter += 1n;
  const hex = `0x${(0xc0ffeen * 2n ** 64n + counter).toString(16).padStart(bytes * 2, '0')}` as Hex;
  return bytes === 20 ? getAddress(hex) : hex;
}

interface Holdings {
  eth: bigint;
  usdc: bigint;
  usdt: bigint;
}

async function holdings(address: Address): Promise<Holdings> {
  const balanceOf = (token: Address) =>
    chain.publicClient.readContract({ address: token, abi: tokenAbi, functionName: 'balanceOf', args: [address] });
  const [eth, usdcBalance, usdtBalance] = await Promise.all([chain.publicClient.getBalance({ address }), balanceOf(usdc), balanceOf(usdt)]);
  return { eth, usdc: usdcBalance, usdt: usdtBalance };
}

/**
 * Pays an address as an exchange would: ETH as a plain 21,000-gas transfer, tokens minted to it;
 * each from an account of its own, so the three go side by side.
 */
async function pay(to: Address, amounts: Holdings): Promise<void> {
  const [, ethWallet, usdcWallet, usdtWallet] = chain.wallets;
  await Promise.all([
    amounts.eth > 0n &&
      ethWallet.sendTransaction({ to, value: amounts.eth, gas: 21_000n }).then(async (hash) => expect((await chain.mined(hash)).gasUsed).toBe(21_000n)),
    amounts.usdc > 0n && usdcWallet.writeContract({ address: usdc, abi: tokenAbi, functionName: 'mint', args: [to, amounts.usdc] }).then(chain.mined),
    amounts.usdt > 0n && usdtWallet.writeContract({ address: usdt, abi: tokenAbi, functionName: 'mint', args: [to, amounts.usdt] }).then(chain.mined),
  ]);
}

async function sweep(payout: Address, salt: Hex, sweptTokens: Address[] = tokens) {
  return chain.mined(await chain.walletClient.writeContract({ address: DEPOSIT_FACTORY_ADDRESS, abi: factoryAbi, functionName: 'sweep', args: [payout, salt, sweptTokens] }));
}

const EMPTY: Holdings = { eth: 0n, usdc: 0n, usdt: 0n };

/** No balance, no code, nonce 0: the sweeper left nothing behind. */
async function expectPlainEmptyAccount(address: Address): Promise<void> {
  const [held, code, nonce] = await Promise.all([
    holdings(address),
    chain.publicClient.getCode({ address }),
    chain.publicClient.getTransactionCount({ address }),
  ]);
  expect({ held, code, nonce }).toEqual({ held: EMPTY, code: undefined, nonce: 0 });
}

describe('DepositFactory and Sweeper on Anvil (prague)', () => {
  it('deploys the factory through the deterministic deployment proxy at the address computed offline', async () => {
    const code = await chain.publicClient.getCode({ address: DEPOSIT_FACTORY_ADDRESS });
    expect(code?.length).toBe(depositFactoryArtifact.deployedBytecode.length);
  });

  it('gives the deposit address computed offline', async () => {
    const payout = fresh(20) as Address;
    const salt = fresh(32);
    const onChain = await chain.publicClient.readContract({ address: DEPOSIT_FACTORY_ADDRESS, abi: factoryAbi, functionName: 'depositAddress', args: [payout, salt] });
    expect(onChain).toBe(depositAddress(payout, salt));
    expect(depositAddress(payout, salt)).not.toBe(depositAddress(fresh(20) as Address, salt));
  });

  it('sweeps ETH sent with 21,000 gas and both token kinds to the payout, and again after a second round', async () => {
    const payout = fresh(20) as Address;
    const salt = fresh(32);
    const deposit = depositAddress(payout, salt);
    const first = { eth: 10n ** 17n, usdc: 25_000_000n, usdt: 7_500_000n };
    await pay(deposit, first);
    expect(await holdings(deposit)).toEqual(first);

    const receipt = await sweep(payout, salt);
    expect(await holdings(payout)).toEqual(first);
    await expectPlainEmptyAccount(deposit);
    const swept = parseEventLogs({ abi: factoryAbi, eventName: 'Swept', logs: receipt.logs });
    expect(swept.map((log) => log.args)).toEqual([{ depositAddress: deposit, payout, salt, ethAmount: first.eth }]);

    const second = { eth: 3n, usdc: 1n, usdt: 2n };
    await pay(deposit, second);
    await sweep(payout, salt);
    expect(await holdings(payout)).toEqual({ eth: first.eth + second.eth, usdc: first.usdc + second.usdc, usdt: first.usdt + second.usdt });
    await expectPlainEmptyAccount(deposit);
  });

  it('moves nothing when a sweep names another payout', async () => {
    const payout = fresh(20) as Address;
    const intruder = fresh(20) as Address;
    const salt = fresh(32);
    const deposit = depositAddress(payout, salt);
    const paid = { eth: 5n * 10n ** 16n, usdc: 1_000_000n, usdt: 2_000_000n };
    await pay(deposit, paid);

    await sweep(intruder, salt);
    expect(await holdings(deposit)).toEqual(paid);
    expect(await holdings(intruder)).toEqual(EMPTY);
    expect(await holdings(payout)).toEqual(EMPTY);
  });

  it('refuses the zero payout', async () => {
    const call = { address: DEPOSIT_FACTORY_ADDRESS, abi: factoryAbi, functionName: 'sweep', args: [zeroAddress, fresh(32), tokens] } as const;
    await expect(chain.publicClient.simulateContract({ ...call, account: chain.funder })).rejects.toThrow(/ZeroPayout/);
  });

  it('property: every unit paid to a deposit address ends at its bound payout, none elsewhere', async () => {
    const address = fc.uint8Array({ minLength: 20, maxLength: 20 }).map((bytes) => getAddress(bytesToHex(bytes)));
    const payment = fc.record({
      payout: address.filter((a) => BigInt(a) > 0xffffn), // not zero, not a precompile
      salt: fc.uint8Array({ minLength: 32, maxLength: 32 }).map((bytes) => bytesToHex(bytes)),
      eth: fc.bigInt({ min: 0n, max: 10n ** 19n }),
      usdc: fc.bigInt({ min: 0n, max: 10n ** 15n }),
      usdt: fc.bigInt({ min: 0n, max: 10n ** 15n }),
    });
    await fc.assert(
      fc.asyncProperty(payment, async ({ payout, salt, ...amounts }) => {
        const deposit = depositAddress(payout, salt);
        const supplies = () => Promise.all(tokens.map((token) => chain.publicClient.readContract({ address: token, abi: tokenAbi, functionName: 'totalSupply' })));
        const [payoutBefore, depositBefore, suppliesBefore] = await Promise.all([holdings(payout), holdings(deposit), supplies()]);
        await pay(deposit, amounts);
        await sweep(payout, salt);
        const [payoutAfter, suppliesAfter] = await Promise.all([holdings(payout), supplies(), expectPlainEmptyAccount(deposit)]);
        // All the address held reached the payout, and no token was created or lost on the way.
        expect(payoutAfter).toEqual({
          eth: payoutBefore.eth + depositBefore.eth + amounts.eth,
          usdc: payoutBefore.usdc + depositBefore.usdc + amounts.usdc,
          usdt: payoutBefore.usdt + depositBefore.usdt + amounts.usdt,
        });
        expect(suppliesAfter).toEqual([suppliesBefore[0] + amounts.usdc, suppliesBefore[1] + amounts.usdt]);
      }),
      { numRuns: 200 },
    );
  }, 180_000);

  it('sweeps 50 addresses in one sweepMany transaction', async () => {
    const payout = fresh(20) as Address;
    const sweeps = Array.from({ length: 50 }, () => ({ payout, salt: fresh(32), tokens }));
    const each = { eth: 10n ** 15n, usdc: 1_230_000n, usdt: 4_560_000n };
    for (const { salt } of sweeps) await pay(depositAddress(payout, salt), each);

    const receipt = await chain.mined(await chain.walletClient.writeContract({ address: DEPOSIT_FACTORY_ADDRESS, abi: factoryAbi, functionName: 'sweepMany', args: [sweeps] }));
    const perAddress = receipt.gasUsed / 50n;
    process.stdout.write(`sweepMany of 50 addresses (ETH + 2 tokens each): ${receipt.gasUsed} gas, ${perAddress} gas per address\n`);

    expect(await holdings(payout)).toEqual({ eth: 50n * each.eth, usdc: 50n * each.usdc, usdt: 50n * each.usdt });
    await Promise.all(sweeps.map(({ salt }) => expectPlainEmptyAccount(depositAddress(payout, salt))));
    expect(perAddress).toBeLessThan(100_000n);
  });
});
