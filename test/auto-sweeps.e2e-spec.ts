import { DataSource } from 'typeorm';
import { createWalletClient, erc20Abi, getAddress, http, parseEther, parseGwei, type Address, type Hash } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { depositSalt, sweepManyCall } from '../src/chains/deposit-factory';
import { LOCAL_TOKENS } from '../src/chains/local-chain/local-tokens';
import { provisionDevChain } from '../src/chains/local-chain/provision';
import { NETWORKS } from '../src/chains/networks';
import { WaitingFunds } from '../src/collecting/waiting-funds';
import { apiAs, ApiClient } from './support/api-client';
import { Anvil } from './support/anvil';
import { anvilClient, PoolingFaucet, usdc, type AnvilClient } from './support/chain-payments';
import request from 'supertest';
import { adminCookie } from './factories/admins';
import { createKey } from './factories/api-keys';
import { createTestApp, TestApp } from './support/test-app';
import { waitUntil } from './support/wait-until';

/**
 * Issue 14 §2 and §6: automatic sweeps on a real chain. The app sweeps with a gas key of its own
 * (Anvil's dev account #4); payments come from the faucet, pooled into blocks mined on demand, so
 * the test decides what each block holds.
 */
const USDC = LOCAL_TOKENS.find((token) => token.currency === 'USDC')!.address;
const USDT = LOCAL_TOKENS.find((token) => token.currency === 'USDT')!.address;
const GAS_KEY = '0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a';
const GAS_ACCOUNT = privateKeyToAccount(GAS_KEY).address;
/** Anvil's dev account #3: a stranger who sweeps our addresses before we do. */
const STRANGER: Address = '0x90F79bf6EB2c4f870365E785982E1f101E93b906';
const PAYOUT = getAddress('0x3333333333333333333333333333333333333333');

interface Session {
  id: string;
  depositAddress: Address;
  amountReceived: string;
}
interface SweepRow {
  id: string;
  initiator: string;
  status: string;
  tx_hash: Hash;
  replaced_tx_hashes: Hash[];
  gas_used: string | null;
  planned_addresses: string[];
}

describe('automatic sweeps (issue 14 §2)', () => {
  let chain: Anvil;
  let client: AnvilClient;
  let faucet: PoolingFaucet;
  let testApp: TestApp;
  let api: ApiClient;
  let dataSource: DataSource;

  const open = async (amount: string, currency: string): Promise<Session> =>
    (await api.post('/api/v1/checkout_sessions', { amount, currency }).expect(201)).body;
  const read = async (id: string): Promise<Session> => (await api.get(`/api/v1/checkout_sessions/${id}`).expect(200)).body;
  const tokenBalance = (token: Address, holder: Address) => client.readContract({ address: token, abi: erc20Abi, functionName: 'balanceOf', args: [holder] });
  /** Mines a block every 200 ms until `check` holds (the chain mines only when told to). */
  const mineUntil = (check: () => Promise<boolean>, timeoutMs = 20_000) =>
    waitUntil(
      async () => {
        if (await check()) return true;
        await client.mine({ blocks: 1 });
        return false;
      },
      { timeoutMs, intervalMs: 200 },
    );
  const ourSweeps = async (): Promise<SweepRow[]> => dataSource.query(`SELECT * FROM sweeps WHERE initiator = 'service' ORDER BY id`);
  const sweptSessions = async (sweepId: string): Promise<string[]> =>
    ((await dataSource.query(`SELECT DISTINCT session_id FROM sweep_items WHERE sweep_id = $1`, [sweepId])) as { session_id: string }[]).map((row) => row.session_id);
  /** Pays each session in one block and waits until every payment is confirmed. */
  const payAll = async (payments: [Session, Address | null, bigint][]) => {
    for (const [session, token, amount] of payments) {
      if (token) await faucet.sendToken(token, session.depositAddress, amount);
      else await faucet.sendEth(session.depositAddress, amount);
    }
    await faucet.mine();
    const ids = payments.map(([session]) => session.id);
    await mineUntil(async () => {
      const [{ count }] = (await dataSource.query(`SELECT count(*)::int AS count FROM payments WHERE session_id = ANY($1) AND status = 'confirmed'`, [ids])) as { count: number }[];
      return count === payments.length;
    });
  };

  beforeAll(async () => {
    chain = await Anvil.start();
    await provisionDevChain(chain.rpcUrl, 'local');
    client = anvilClient(chain.rpcUrl);
    faucet = await PoolingFaucet.on(client);
    testApp = await createTestApp({
      ownDatabase: true,
      env: { PAYOUT_ADDRESS_TEST: PAYOUT, RPC_URLS_LOCAL: chain.rpcUrl, SETTLEMENT_LOCAL: '2', SWEEP_GAS_KEY: GAS_KEY, SWEEP_MIN_GAS_MULTIPLE: '1', SWEEP_BATCH_SIZE: '50' },
    });
    api = apiAs(testApp.app, await createKey(testApp.app, { mode: 'test', scopes: ['sessions:read', 'sessions:write'] }));
    dataSource = testApp.app.get(DataSource);
  }, 60_000);

  afterAll(async () => {
    await testApp?.close();
    await chain?.stop();
  });

  it('sweeps 50 paid sessions in one sweepMany, ETH and two tokens, each to its payout, counted once', async () => {
    const sessions: Session[] = [];
    for (let i = 0; i < 50; i += 1) sessions.push(await open('10', ['USDC', 'USDT', 'ETH'][i % 3]));
    const [usdcBefore, usdtBefore, ethBefore] = [await tokenBalance(USDC, PAYOUT), await tokenBalance(USDT, PAYOUT), await client.getBalance({ address: PAYOUT })];
    await payAll(sessions.map((session, i) => [session, [USDC, USDT, null][i % 3], i % 3 === 2 ? parseEther('0.01') : usdc('10')] as [Session, Address | null, bigint]));

    await mineUntil(async () => (await ourSweeps()).some((sweep) => sweep.status === 'mined'));
    const [sweep] = await ourSweeps();
    expect(sweep.planned_addresses).toHaveLength(50);
    expect((await sweptSessions(sweep.id)).sort()).toEqual(sessions.map((session) => session.id).sort());
    expect(await tokenBalance(USDC, PAYOUT)).toBe(usdcBefore + 17n * usdc('10'));
    expect(await tokenBalance(USDT, PAYOUT)).toBe(usdtBefore + 17n * usdc('10'));
    expect(await client.getBalance({ address: PAYOUT })).toBe(ethBefore + 16n * parseEther('0.01'));
    process.stdout.write(`automatic sweep of 50 addresses: ${sweep.gas_used} gas, ${BigInt(sweep.gas_used!) / 50n} gas per address\n`);
    // Nothing counted again: every payment belongs to that sweep, and the sessions' totals are as paid.
    const [{ unswept }] = (await dataSource.query(`SELECT count(*)::int AS unswept FROM payments WHERE session_id = ANY($1) AND sweep_id IS DISTINCT FROM $2`, [
      sessions.map((session) => session.id),
      sweep.id,
    ])) as { unswept: number }[];
    expect(unswept).toBe(0);
    expect((await read(sessions[2].id)).amountReceived).toBe('0.01');
  }, 60_000);

  it('holds sweeps while the gas key has no ETH, with a warning naming its address, then sweeps once it is funded', async () => {
    const session = await open('5', 'USDC');
    await client.setBalance({ address: GAS_ACCOUNT, value: 0n });
    const sweepsBefore = (await ourSweeps()).length;
    try {
      await payAll([[session, USDC, usdc('5')]]);
      await waitUntil(() => testApp.logs.lines.some((line) => String(line.msg).includes('sweeps held: gas key short of funds') && line.gasKey === GAS_ACCOUNT), { timeoutMs: 10_000 });
      expect(await ourSweeps()).toHaveLength(sweepsBefore);
    } finally {
      await client.setBalance({ address: GAS_ACCOUNT, value: parseEther('100') });
    }
    await mineUntil(async () => (await ourSweeps()).filter((sweep) => sweep.status === 'mined').length > sweepsBefore);
    expect(await sweptSessions((await ourSweeps()).at(-1)!.id)).toEqual([session.id]);
    expect(JSON.stringify(testApp.logs.lines)).not.toContain(GAS_KEY.slice(2));
  }, 40_000);

  it('recognises a stranger who sweeps first: the payment is taken once, by the sweep that moved it', async () => {
    const session = await open('7', 'USDC');
    await payAll([[session, USDC, usdc('7')]]);
    // Our sweep goes to the pool; the stranger's, with a higher tip, lands before it in the same block.
    await waitUntil(async () => (await ourSweeps()).some((sweep) => sweep.status === 'submitted'), { timeoutMs: 10_000 });
    const ours = (await ourSweeps()).find((sweep) => sweep.status === 'submitted')!;
    const theirs = await createWalletClient({ transport: http(chain.rpcUrl) }).sendTransaction({
      account: STRANGER,
      chain: null,
      maxPriorityFeePerGas: parseGwei('50'),
      maxFeePerGas: parseGwei('100'),
      ...sweepManyCall([{ payout: PAYOUT, salt: depositSalt(session.id), tokens: [USDC] }]),
    });
    await mineUntil(async () => (await dataSource.query(`SELECT 1 FROM sweeps WHERE tx_hash = ANY($1) AND status = 'mined'`, [[ours.tx_hash, theirs]])).length === 2);

    const rows = (await dataSource.query(`SELECT s.initiator, s.status, count(i.*)::int AS items FROM sweeps s LEFT JOIN sweep_items i ON i.sweep_id = s.id WHERE s.tx_hash = ANY($1) GROUP BY 1, 2 ORDER BY 1`, [
      [ours.tx_hash, theirs],
    ])) as object[];
    expect(rows).toEqual([
      { initiator: 'other', status: 'mined', items: 1 },
      // Ours came second and found the address empty: mined, nothing moved.
      { initiator: 'service', status: 'mined', items: 0 },
    ]);
    const [payment] = (await dataSource.query(`SELECT s.initiator FROM payments p JOIN sweeps s ON s.id = p.sweep_id WHERE p.session_id = $1`, [session.id])) as { initiator: string }[];
    expect(payment.initiator).toBe('other');
    expect((await read(session.id)).amountReceived).toBe('7');
  }, 40_000);

  it('never sweeps an address while a payment to it is unconfirmed', async () => {
    const session = await open('4', 'USDC');
    const sweepsBefore = (await ourSweeps()).length;
    // Two blocks deep settles: when the second payment's block is mined, the first is confirmed and the second pending.
    await faucet.sendToken(USDC, session.depositAddress, usdc('2'));
    await faucet.mine();
    await faucet.sendToken(USDC, session.depositAddress, usdc('2'));
    await faucet.mine();
    await waitUntil(
      async () => ((await dataSource.query(`SELECT status FROM payments WHERE session_id = $1 ORDER BY block_number`, [session.id])) as { status: string }[]).map((p) => p.status).join() === 'confirmed,pending',
      { timeoutMs: 10_000 },
    );
    // Two sweeper rounds (2 s each on the local chain) pass without a sweep.
    await new Promise((resolve) => setTimeout(resolve, 4_500));
    expect(await ourSweeps()).toHaveLength(sweepsBefore);

    await mineUntil(async () => (await ourSweeps()).filter((sweep) => sweep.status === 'mined').length > sweepsBefore);
    const [{ amount }] = (await dataSource.query(`SELECT sum(amount)::text AS amount FROM sweep_items WHERE sweep_id = $1`, [(await ourSweeps()).at(-1)!.id])) as { amount: string }[];
    expect(amount).toBe(usdc('4').toString());
  }, 40_000);

  it('replaces a sweep stuck under a rising base fee with a higher fee, same nonce', async () => {
    const session = await open('9', 'USDC');
    await payAll([[session, USDC, usdc('9')]]);
    await waitUntil(async () => (await ourSweeps()).some((sweep) => sweep.status === 'submitted'), { timeoutMs: 10_000 });
    const stuck = (await ourSweeps()).find((sweep) => sweep.status === 'submitted')!;
    const sent = await client.getTransaction({ hash: stuck.tx_hash });
    // The next block's base fee is above what the sweep offered: it stays in the pool.
    await client.request({ method: 'anvil_setNextBlockBaseFeePerGas' as never, params: [`0x${(sent.maxFeePerGas! + 1n).toString(16)}`] as never });
    await client.mine({ blocks: 1 });
    expect(await client.getTransactionReceipt({ hash: stuck.tx_hash }).catch(() => undefined)).toBeUndefined();

    // The replacement is recorded before it is sent: wait until the node has it, or the next block mined
    // here (the base fee falls back at once) takes the stuck one instead (seen once in CI).
    await waitUntil(
      async () => {
        const sweep = (await ourSweeps()).find((candidate) => candidate.id === stuck.id)!;
        return sweep.replaced_tx_hashes.length > 0 && (await client.getTransaction({ hash: sweep.tx_hash }).catch(() => undefined)) !== undefined;
      },
      { timeoutMs: 15_000 },
    );
    await mineUntil(async () => (await ourSweeps()).find((sweep) => sweep.id === stuck.id)!.status === 'mined');
    const replaced = (await ourSweeps()).find((sweep) => sweep.id === stuck.id)!;
    expect(replaced.replaced_tx_hashes[0]).toBe(stuck.tx_hash);
    const mined = await client.getTransaction({ hash: replaced.tx_hash });
    expect({ nonce: mined.nonce, higher: mined.maxFeePerGas! > sent.maxFeePerGas! }).toEqual({ nonce: sent.nonce, higher: true });
    expect(await sweptSessions(replaced.id)).toEqual([session.id]);
  }, 40_000);

  it('shows the operator balances and sweeps, and sweeps dust at once when asked (admin API)', async () => {
    const admin = await adminCookie(testApp.app);
    const http = () => request(testApp.app.getHttpServer());
    const session = await open('1', 'USDC');
    const sweepsBefore = (await ourSweeps()).length;
    // One millionth of a dollar: never worth its gas.
    await payAll([[session, USDC, 1n]]);
    await new Promise((resolve) => setTimeout(resolve, 4_500));
    expect(await ourSweeps()).toHaveLength(sweepsBefore);
    // What a sweeper of the other mode would find on this chain: nothing (a test address is never swept by a live sweep).
    const waiting = testApp.app.get(WaitingFunds);
    expect((await waiting.on(NETWORKS.local)).map((entry) => entry.sessionId)).toEqual([session.id]);
    expect(await waiting.on({ ...NETWORKS.local, mode: 'live' })).toEqual([]);

    const before = (await http().get('/admin/balances').set('Cookie', admin).expect(200)).body;
    const usdcRow = before.data.find((row: { network: string; currency: string }) => row.network === 'local' && row.currency === 'USDC');
    expect(usdcRow).toMatchObject({ object: 'balance', livemode: false, waiting: '0.000001', lastSweep: { txHash: expect.stringMatching(/^0x/), txUrl: null } });
    expect(Number(usdcRow.received)).toBeCloseTo(Number(usdcRow.swept) + 0.000001, 6);
    expect(before.gasKey).toEqual({ address: GAS_ACCOUNT, networks: [{ network: 'local', symbol: 'ETH', balance: expect.stringMatching(/^\d+(\.\d+)?$/) }] });

    await http().post('/admin/sweeps').set('Cookie', admin).send({ network: 'base' }).expect(400);
    // Asked while the gas key is empty: the round that takes the request is held, and puts it back.
    await client.setBalance({ address: GAS_ACCOUNT, value: 0n });
    const heldBefore = testApp.logs.lines.filter((line) => String(line.msg).includes('sweeps held')).length;
    const requested = await http().post('/admin/sweeps').set('Cookie', admin).send({ network: 'local' }).expect(202);
    expect(requested.body).toMatchObject({ object: 'sweep_request', network: 'local' });
    try {
      await waitUntil(() => testApp.logs.lines.filter((line) => String(line.msg).includes('sweeps held')).length > heldBefore, { timeoutMs: 10_000 });
      expect(await dataSource.query(`SELECT network FROM sweep_requests`)).toEqual([{ network: 'local' }]);
      expect(await ourSweeps()).toHaveLength(sweepsBefore);
    } finally {
      await client.setBalance({ address: GAS_ACCOUNT, value: parseEther('100') });
    }
    await mineUntil(async () => (await ourSweeps()).filter((sweep) => sweep.status === 'mined').length > sweepsBefore);
    expect(await dataSource.query(`SELECT network FROM sweep_requests`)).toEqual([]);

    const after = (await http().get('/admin/balances').set('Cookie', admin).expect(200)).body;
    expect(after.data.find((row: { network: string; currency: string }) => row.network === 'local' && row.currency === 'USDC')).toMatchObject({ waiting: '0' });
    const listed = (await http().get('/admin/sweeps?limit=1').set('Cookie', admin).expect(200)).body;
    expect(listed).toMatchObject({ object: 'list', hasMore: true });
    expect(listed.data[0]).toMatchObject({
      object: 'sweep',
      network: 'local',
      initiator: 'service',
      status: 'mined',
      sender: GAS_ACCOUNT,
      items: [{ depositAddress: session.depositAddress, session: session.id, currency: 'USDC', amount: '0.000001' }],
    });
  }, 40_000);
});
