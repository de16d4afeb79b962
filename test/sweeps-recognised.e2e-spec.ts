import { DataSource } from 'typeorm';
import { createWalletClient, encodeFunctionData, erc20Abi, http, parseEther, type Address, type Hash } from 'viem';
import { depositSalt, sweepManyCall } from '../src/chains/deposit-factory';
import { DevFaucet } from '../src/chains/local-chain/faucet';
import { faucetAccount } from '../src/chains/local-chain/dev-accounts';
import { LOCAL_TOKENS } from '../src/chains/local-chain/local-tokens';
import { provisionDevChain } from '../src/chains/local-chain/provision';
import { apiAs, ApiClient } from './support/api-client';
import { Anvil } from './support/anvil';
import { anvilClient, reorgDropping, usdc, type AnvilClient } from './support/chain-payments';
import { PAYOUT_TEST } from './support/chains';
import request from 'supertest';
import { adminCookie } from './factories/admins';
import { createKey } from './factories/api-keys';
import { createTestApp, TestApp } from './support/test-app';
import { waitUntil } from './support/wait-until';

/**
 * Issue 14 §1: the watcher recognises sweeps, whoever sends them. A sweep is recorded once with
 * what it moved, the payments it took are marked, and ETH that leaves by a sweep is never
 * confused with a payment, nor is ETH that arrives around one missed.
 */
const USDC_LOCAL = LOCAL_TOKENS.find((token) => token.currency === 'USDC')!.address;
const TOKENS = LOCAL_TOKENS.map((token) => token.address);
/** Anvil's dev account #3: a stranger who sweeps our addresses (anyone may; the funds still reach our payout). */
const STRANGER: Address = '0x90F79bf6EB2c4f870365E785982E1f101E93b906';

interface Session {
  id: string;
  depositAddress: Address;
  amountReceived: string;
  payments: { amount: string; status: string }[];
}
interface SweepRow {
  id: string;
  initiator: string;
  status: string;
  tx_hash: string;
  sender: string;
  gas_used: string;
  fee: string;
}

describe('sweeps recognised by the chain watcher (issue 14 §1)', () => {
  let chain: Anvil;
  let client: AnvilClient;
  let testApp: TestApp;
  let api: ApiClient;
  let faucet: DevFaucet;
  let dataSource: DataSource;

  const open = async (amount: string, currency: string): Promise<Session> =>
    (await api.post('/api/v1/checkout_sessions', { amount, currency }).expect(201)).body;
  const read = async (id: string): Promise<Session> => (await api.get(`/api/v1/checkout_sessions/${id}`).expect(200)).body;
  const processedThrough = async (block: bigint) =>
    waitUntil(
      async () => {
        const { data } = (await api.get('/healthz/chains').expect(200)).body as { data: { network: string; processedBlock: number | null }[] };
        return (data.find((status) => status.network === 'local')?.processedBlock ?? -1) >= Number(block);
      },
      { timeoutMs: 15_000, intervalMs: 50 },
    );
  const strangerSweeps = (sessions: readonly Session[]): Promise<Hash> =>
    createWalletClient({ transport: http(chain.rpcUrl) }).sendTransaction({
      account: STRANGER,
      chain: null,
      ...sweepManyCall(sessions.map((session) => ({ payout: PAYOUT_TEST, salt: depositSalt(session.id), tokens: TOKENS }))),
    });
  const sendEth = (to: Address, wei: bigint): Promise<Hash> =>
    createWalletClient({ transport: http(chain.rpcUrl) }).sendTransaction({ account: faucetAccount.address, chain: null, to, value: wei });
  const sweepRows = async (txHash: Hash): Promise<SweepRow[]> => dataSource.query(`SELECT * FROM sweeps WHERE tx_hash = $1`, [txHash]);
  const itemsOf = async (sweepId: string) =>
    ((await dataSource.query(`SELECT session_id, currency, amount FROM sweep_items WHERE sweep_id = $1 ORDER BY currency`, [sweepId])) as object[]);
  const paymentsOf = async (sessionId: string) =>
    (await dataSource.query(`SELECT amount, block_number, sweep_id FROM payments WHERE session_id = $1 ORDER BY block_number`, [sessionId])) as {
      amount: string;
      block_number: string;
      sweep_id: string | null;
    }[];

  beforeAll(async () => {
    chain = await Anvil.start();
    await provisionDevChain(chain.rpcUrl, 'local');
    client = anvilClient(chain.rpcUrl);
    faucet = new DevFaucet(chain.rpcUrl, 'local');
    testApp = await createTestApp({ ownDatabase: true, env: { PAYOUT_ADDRESS_TEST: PAYOUT_TEST, RPC_URLS_LOCAL: chain.rpcUrl, SETTLEMENT_LOCAL: '1' } });
    api = apiAs(testApp.app, await createKey(testApp.app, { mode: 'test', scopes: ['sessions:read', 'sessions:write'] }));
    dataSource = testApp.app.get(DataSource);
  }, 60_000);

  afterAll(async () => {
    await testApp?.close();
    await chain?.stop();
  });

  it("records a stranger's sweep once, with what it moved, and marks the payments it took without counting anything again", async () => {
    const [inEth, inUsdc] = [await open('0.5', 'ETH'), await open('10', 'USDC')];
    await faucet.pay(inEth.depositAddress, { kind: 'native' }, parseEther('0.5'));
    await faucet.pay(inUsdc.depositAddress, { kind: 'token', address: USDC_LOCAL }, usdc('10'));
    await waitUntil(async () => (await read(inEth.id)).amountReceived === '0.5' && (await read(inUsdc.id)).amountReceived === '10', { timeoutMs: 15_000 });
    const payoutBefore = await client.getBalance({ address: PAYOUT_TEST });

    const txHash = await strangerSweeps([inEth, inUsdc]);
    const receipt = await client.waitForTransactionReceipt({ hash: txHash, pollingInterval: 20 });
    await processedThrough(receipt.blockNumber);

    const [sweep] = await sweepRows(txHash);
    expect(sweep).toMatchObject({ initiator: 'other', status: 'mined', sender: STRANGER, gas_used: receipt.gasUsed.toString(), fee: (receipt.gasUsed * receipt.effectiveGasPrice).toString() });
    expect(await itemsOf(sweep.id)).toEqual([
      { session_id: inEth.id, currency: 'ETH', amount: parseEther('0.5').toString() },
      { session_id: inUsdc.id, currency: 'USDC', amount: usdc('10').toString() },
    ]);
    expect(await client.getBalance({ address: PAYOUT_TEST })).toBe(payoutBefore + parseEther('0.5'));
    for (const session of [inEth, inUsdc]) {
      expect(await paymentsOf(session.id)).toEqual([expect.objectContaining({ sweep_id: sweep.id })]);
    }
    // The operator's record of the address: received, swept, waiting, and the sweep with what it took.
    const record = await request(testApp.app.getHttpServer()).get(`/admin/deposit_addresses/${inUsdc.depositAddress}`).set('Cookie', await adminCookie(testApp.app)).expect(200);
    expect(record.body).toMatchObject({
      holdings: [{ network: 'local', currency: 'USDC', received: '10', pending: '0', swept: '10', waiting: '0' }],
      sweeps: [{ id: sweep.id, initiator: 'other', status: 'mined', txHash, blockNumber: Number(receipt.blockNumber), gasUsed: Number(receipt.gasUsed), items: [{ currency: 'USDC', amount: '10', session: inUsdc.id }] }],
    });
    // The ETH that left is no payment, and no balance fall undoes one.
    await client.mine({ blocks: 3 });
    await processedThrough((await client.getBlockNumber()) - 1n);
    expect(await read(inEth.id)).toMatchObject({ amountReceived: '0.5', payments: [expect.objectContaining({ amount: '0.5' })] });
    expect(await sweepRows(txHash)).toHaveLength(1);
  });

  it('counts ETH that arrives just before and after a sweep, in its block and the next ones, exactly once each', async () => {
    const session = await open('2', 'ETH');
    await client.setAutomine(false);
    try {
      // Whatever ticks cut them into, these blocks hold: 1 ETH | 0.4 ETH, the sweep, 0.25 ETH | 0.1 ETH.
      await sendEth(session.depositAddress, parseEther('1'));
      await client.mine({ blocks: 1 });
      await sendEth(session.depositAddress, parseEther('0.4'));
      await strangerSweeps([session]);
      await sendEth(session.depositAddress, parseEther('0.25'));
      await client.mine({ blocks: 1 });
      const sweepBlock = await client.getBlockNumber();
      await sendEth(session.depositAddress, parseEther('0.1'));
      await client.mine({ blocks: 1 });
      await processedThrough(sweepBlock + 1n);
    } finally {
      await client.setAutomine(true);
    }

    const payments = await paymentsOf(session.id);
    expect(payments.map((payment) => payment.amount)).toEqual([parseEther('1'), parseEther('0.65'), parseEther('0.1')].map(String));
    // The sweep took the first two (1 ETH, and the 0.4 before it in its block); the rest waits.
    expect(payments.map((payment) => payment.sweep_id !== null)).toEqual([true, true, false]);
    expect(await read(session.id)).toMatchObject({ amountReceived: '1.75' });
  });

  it('records a token sweep that empties an address the watcher no longer watches', async () => {
    const session = await open('3', 'USDC');
    await faucet.pay(session.depositAddress, { kind: 'token', address: USDC_LOCAL }, usdc('3'));
    await waitUntil(async () => (await read(session.id)).amountReceived === '3', { timeoutMs: 15_000 });
    // Past the monitoring window: expired long ago.
    await dataSource.query(`UPDATE checkout_sessions SET status = 'complete', completed_at = now() - interval '400 days' WHERE id = $1`, [session.id]);
    const data = encodeFunctionData({ abi: erc20Abi, functionName: 'balanceOf', args: [PAYOUT_TEST] });
    const before = BigInt((await client.call({ to: USDC_LOCAL, data })).data!);

    const txHash = await strangerSweeps([session]);
    await processedThrough((await client.waitForTransactionReceipt({ hash: txHash, pollingInterval: 20 })).blockNumber);

    const [sweep] = await sweepRows(txHash);
    expect(await itemsOf(sweep.id)).toEqual([{ session_id: session.id, currency: 'USDC', amount: usdc('3').toString() }]);
    expect(BigInt((await client.call({ to: USDC_LOCAL, data })).data!)).toBe(before + usdc('3'));
  });

  it('forgets a sweep reorganised away (its payments wait again) and records it again when it is mined anew', async () => {
    const session = await open('6', 'USDC');
    await faucet.pay(session.depositAddress, { kind: 'token', address: USDC_LOCAL }, usdc('6'));
    await waitUntil(async () => (await read(session.id)).amountReceived === '6', { timeoutMs: 15_000 });
    await client.mine({ blocks: 2 });
    const txHash = await strangerSweeps([session]);
    const mined = await client.waitForTransactionReceipt({ hash: txHash, pollingInterval: 20 });
    await processedThrough(mined.blockNumber);
    expect(await sweepRows(txHash)).toHaveLength(1);

    const dropped = await reorgDropping(client, 1);
    await client.mine({ blocks: 1 });
    await waitUntil(async () => (await sweepRows(txHash)).length === 0, { timeoutMs: 15_000 });
    expect(await paymentsOf(session.id)).toEqual([expect.objectContaining({ sweep_id: null })]);

    await client.sendRawTransaction({ serializedTransaction: dropped[0] });
    const again = await client.waitForTransactionReceipt({ hash: txHash, pollingInterval: 20 });
    await processedThrough(again.blockNumber);
    const [sweep] = await sweepRows(txHash);
    expect(await paymentsOf(session.id)).toEqual([expect.objectContaining({ sweep_id: sweep.id })]);
    expect(await itemsOf(sweep.id)).toEqual([{ session_id: session.id, currency: 'USDC', amount: usdc('6').toString() }]);
  });
});
