import { DataSource } from 'typeorm';
import { createPublicClient, createTestClient, http, type Address, type Hash } from 'viem';
import { DevFaucet } from '../src/chains/local-chain/faucet';
import { faucetAccount } from '../src/chains/local-chain/dev-accounts';
import { LOCAL_TOKENS } from '../src/chains/local-chain/local-tokens';
import { provisionDevChain } from '../src/chains/local-chain/provision';
import { NETWORKS } from '../src/chains/networks';
import { balanceDueIn, TOKEN_SESSION_BALANCE_PERIOD } from '../src/chain-watcher/balance-schedule';
import { SessionSweeper } from '../src/sessions/session-sweeper';
import { apiAs, ApiClient, eventsAbout } from './support/api-client';
import { Anvil } from './support/anvil';
import { sendEthThroughContract, usdc } from './support/chain-payments';
import { PAYOUT_TEST } from './support/chains';
import { createKey } from './factories/api-keys';
import { createTestApp, TestApp } from './support/test-app';
import { waitUntil } from './support/wait-until';

/**
 * Payments end to end on real chains (DESIGN.md §13): two Anvils as the test networks `local`
 * and `base-sepolia`, mining a block per transaction; the app's watchers find the transfers.
 */
const USDC_LOCAL = LOCAL_TOKENS.find((token) => token.currency === 'USDC')!.address;
const USDT_LOCAL = LOCAL_TOKENS.find((token) => token.currency === 'USDT')!.address;
const USDC_BASE_SEPOLIA = NETWORKS['base-sepolia'].tokens[0].address;

interface Session {
  id: string;
  status: string;
  paymentStatus: string;
  depositAddress: Address;
  amountReceived: string;
  amountPending: string;
  amountDue: string;
  networks: { network: string }[];
  payments: {
    network: string;
    currency: string;
    txHash: string | null;
    logIndex: number | null;
    from: string | null;
    amount: string;
    blockNumber: number;
    status: string;
    matched: boolean;
    late: boolean;
    confirmations: number;
  }[];
}

describe('payments on chain (DESIGN.md §13)', () => {
  let local: Anvil;
  let baseSepolia: Anvil;
  let testApp: TestApp;
  let api: ApiClient;
  let localFaucet: DevFaucet;
  let baseSepoliaFaucet: DevFaucet;

  const open = async (fields: object = {}): Promise<Session> =>
    (await api.post('/api/v1/checkout_sessions', { amount: '10', currency: 'USDC', ...fields }).expect(201)).body;
  const read = async (id: string): Promise<Session> => (await api.get(`/api/v1/checkout_sessions/${id}`).expect(200)).body;
  const until = async (id: string, check: (session: Session) => boolean): Promise<Session> => {
    let last: Session | undefined;
    await waitUntil(async () => check((last = await read(id))), { timeoutMs: 15_000, intervalMs: 100 });
    return last!;
  };
  const processedThrough = (block: bigint) =>
    waitUntil(
      async () => {
        const { data } = (await api.get('/healthz/chains').expect(200)).body as { data: { network: string; processedBlock: number | null }[] };
        return (data.find((status) => status.network === 'local')?.processedBlock ?? -1) >= Number(block);
      },
      { timeoutMs: 15_000, intervalMs: 50 },
    );
  const eventTypes = async (id: string) => (await eventsAbout(api, id)).map((event: { type: string }) => event.type).reverse();

  beforeAll(async () => {
    [local, baseSepolia] = await Promise.all([Anvil.start(), Anvil.start(['--chain-id', '84532'])]);
    for (const [anvil, network] of [[local, 'local'], [baseSepolia, 'base-sepolia']] as const) {
      await provisionDevChain(anvil.rpcUrl, network);
    }
    localFaucet = new DevFaucet(local.rpcUrl, 'local');
    baseSepoliaFaucet = new DevFaucet(baseSepolia.rpcUrl, 'base-sepolia');
    testApp = await createTestApp({
      ownDatabase: true,
      env: {
        PAYOUT_ADDRESS_TEST: PAYOUT_TEST,
        RPC_URLS_LOCAL: local.rpcUrl,
        RPC_URLS_BASE_SEPOLIA: baseSepolia.rpcUrl,
        // Three blocks deep: a payment stays pending long enough to be reorged out.
        SETTLEMENT_BASE_SEPOLIA: '3',
      },
    });
    api = apiAs(testApp.app, await createKey(testApp.app, { mode: 'test', scopes: ['sessions:read', 'sessions:write', 'events:read'] }));
  }, 60_000);

  afterAll(async () => {
    await testApp?.close();
    await Promise.all([local?.stop(), baseSepolia?.stop()]);
  });

  it('completes a session paid exactly, with the payment, its events and the chain status', async () => {
    const session = await open();
    expect(session.networks.map((network) => network.network)).toEqual(['base-sepolia', 'local']);
    const txHash = await localFaucet.pay(session.depositAddress, { kind: 'token', address: USDC_LOCAL }, usdc('10'));
    const paid = await until(session.id, (s) => s.status === 'complete');
    expect(paid).toMatchObject({ paymentStatus: 'paid', amountReceived: '10', amountPending: '0', amountDue: '0' });
    expect(paid.payments).toEqual([
      expect.objectContaining({ network: 'local', currency: 'USDC', txHash, logIndex: 0, amount: '10', status: 'confirmed', matched: true, late: false }),
    ]);
    expect(await eventTypes(session.id)).toEqual([
      'checkout_session.created',
      'checkout_session.payment_pending',
      'checkout_session.payment_confirmed',
      'checkout_session.completed',
    ]);
    const status = (await api.get('/healthz/chains').expect(200)).body;
    expect(status.data).toEqual(
      expect.arrayContaining([expect.objectContaining({ network: 'local', chainId: 31337, stale: false, leader: expect.stringMatching(/:\d+$/) })]),
    );
  });

  it('lets the test helper pay with real transfers: what is due by default, or any amount, currency or network', async () => {
    const session = await open({ amount: '7.5' });
    const short = await api.post(`/api/v1/test_helpers/checkout_sessions/${session.id}/pay`, { amount: '2.5' }).expect(200);
    // The answer already shows the transfer: the helper waits for the watcher to record it.
    expect(short.body.payments).toEqual([expect.objectContaining({ network: 'base-sepolia', currency: 'USDC', amount: '2.5', matched: true })]);
    await api.post(`/api/v1/test_helpers/checkout_sessions/${session.id}/pay`, { currency: 'USDT', amount: '1', network: 'local' }).expect(200);
    await testClient(baseSepolia).mine({ blocks: 3 });
    await until(session.id, (s) => s.amountReceived === '2.5' && s.paymentStatus === 'underpaid');
    const rest = await api.post(`/api/v1/test_helpers/checkout_sessions/${session.id}/pay`, { network: 'local' }).expect(200);
    expect(rest.body.payments.at(-1)).toMatchObject({ network: 'local', currency: 'USDC', amount: '5', from: faucetAccount.address });
    const paid = await until(session.id, (s) => s.status === 'complete');
    expect(paid).toMatchObject({ paymentStatus: 'paid', amountReceived: '7.5' });
    expect(paid.payments.filter((p) => !p.matched)).toEqual([expect.objectContaining({ currency: 'USDT', amount: '1' })]);
  });

  it('refuses what the test helper cannot pay, naming the field', async () => {
    const session = await open({ network: 'local' });
    const pay = (body: object) => api.post(`/api/v1/test_helpers/checkout_sessions/${session.id}/pay`, body).expect(400);
    expect((await pay({ currency: 'USDT' })).body.error).toMatchObject({ code: 'parameter_missing', param: 'amount' });
    expect((await pay({ amount: '1.0000001' })).body.error).toMatchObject({ code: 'parameter_invalid', param: 'amount' });
    expect((await pay({ currency: 'DAI', amount: '1' })).body.error).toMatchObject({ code: 'parameter_invalid', param: 'currency' });
    expect((await pay({ network: 'base' })).body.error).toMatchObject({ code: 'parameter_invalid', param: 'network' });
    expect((await read(session.id)).payments).toEqual([]);
  });

  it('writes nothing while the chain is idle but a heartbeat: idle polls are half of all polls', async () => {
    const seen = new Set<string>();
    const deadline = Date.now() + 3_000;
    while (Date.now() < deadline) {
      const local = (await api.get('/healthz/chains').expect(200)).body.data.find((entry: { network: string }) => entry.network === 'local');
      seen.add(local.updatedAt);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    // Polled every 500 ms, six writes would show; at most one 5 s heartbeat can fall in 3 s.
    expect(seen.size).toBeLessThanOrEqual(2);
  });

  it('counts a top-up: underpaid while short, paid when covered', async () => {
    const session = await open();
    await localFaucet.pay(session.depositAddress, { kind: 'token', address: USDC_LOCAL }, usdc('4'));
    const short = await until(session.id, (s) => s.amountReceived === '4');
    expect(short).toMatchObject({ status: 'open', paymentStatus: 'underpaid', amountDue: '6' });
    await localFaucet.pay(session.depositAddress, { kind: 'token', address: USDC_LOCAL }, usdc('6'));
    const paid = await until(session.id, (s) => s.status === 'complete');
    expect(paid).toMatchObject({ paymentStatus: 'paid', amountReceived: '10', amountDue: '0' });
    expect(paid.payments).toHaveLength(2);
  });

  it('completes an overpaid session and says so', async () => {
    const session = await open();
    await localFaucet.pay(session.depositAddress, { kind: 'token', address: USDC_LOCAL }, usdc('12.5'));
    const paid = await until(session.id, (s) => s.status === 'complete');
    expect(paid).toMatchObject({ paymentStatus: 'overpaid', amountReceived: '12.5', amountDue: '0' });
    expect(await eventTypes(session.id)).toContain('checkout_session.overpaid');
  });

  it('records a payment after expiry as late, without reopening the session', async () => {
    const session = await open();
    await testApp.app.get(DataSource).query(`UPDATE checkout_sessions SET expires_at = now() - interval '1 second' WHERE id = $1`, [session.id]);
    await testApp.app.get(SessionSweeper).run();
    await localFaucet.pay(session.depositAddress, { kind: 'token', address: USDC_LOCAL }, usdc('10'));
    const late = await until(session.id, (s) => s.payments.length === 1 && s.payments[0].status === 'confirmed');
    expect(late).toMatchObject({ status: 'expired', paymentStatus: 'unpaid', amountReceived: '0' });
    expect(late.payments[0]).toMatchObject({ late: true, matched: true });
    expect(await eventTypes(session.id)).toContain('checkout_session.late_payment');
  });

  it('records another token, and a payment on a network the session does not take, as unmatched', async () => {
    const session = await open({ network: 'local' });
    await localFaucet.pay(session.depositAddress, { kind: 'token', address: USDT_LOCAL }, usdc('10'));
    await baseSepoliaFaucet.pay(session.depositAddress, { kind: 'token', address: USDC_BASE_SEPOLIA }, usdc('10'));
    await testClient(baseSepolia).mine({ blocks: 3 });
    const seen = await until(session.id, (s) => s.payments.filter((p) => p.status === 'confirmed').length === 2);
    expect(seen).toMatchObject({ status: 'open', paymentStatus: 'unpaid', amountReceived: '0' });
    expect(seen.payments.map((p) => [p.network, p.currency, p.matched]).sort()).toEqual([
      ['base-sepolia', 'USDC', false],
      ['local', 'USDT', false],
    ]);
    expect((await eventTypes(session.id)).filter((type) => type === 'checkout_session.payment_unmatched')).toHaveLength(2);
  });

  it('counts ETH by balance: a plain send with its transaction, ETH from a contract without one', async () => {
    const session = await open({ currency: 'ETH', amount: '0.3', network: 'local' });
    const plain = await localFaucet.pay(session.depositAddress, { kind: 'native' }, 10n ** 17n);
    await sendEthThroughContract(local.rpcUrl, session.depositAddress, 2n * 10n ** 17n);
    const paid = await until(session.id, (s) => s.status === 'complete');
    expect(paid).toMatchObject({ paymentStatus: 'paid', amountReceived: '0.3' });
    expect(paid.payments.map((p) => [p.txHash, p.logIndex, p.amount])).toEqual([
      [plain, null, '0.1'],
      [null, null, '0.2'],
    ]);
  });

  it('records ETH sent to a session priced in USDC as unmatched, in its own block, when its balance is next read', async () => {
    const chain = publicClient(local);
    const head = await chain.getBlockNumber();
    // A session whose balance is not read at the next block (nine in ten are such): the payment goes there.
    let session = await open({ network: 'local' });
    while (balanceDueIn(head + 1n, head + 1n)(session.depositAddress)) session = await open({ network: 'local' });
    await processedThrough(head);
    const txHash = await localFaucet.pay(session.depositAddress, { kind: 'native' }, 5n * 10n ** 16n);
    const { blockNumber } = await chain.getTransactionReceipt({ hash: txHash });
    expect(blockNumber).toBe(head + 1n);
    await processedThrough(blockNumber);
    expect((await read(session.id)).payments).toEqual([]);
    // This chain mines only for transactions: a balance period's worth of blocks brings the address's turn round.
    await testClient(local).mine({ blocks: Number(TOKEN_SESSION_BALANCE_PERIOD) });
    const seen = await until(session.id, (s) => s.payments.length === 1 && s.payments[0].status === 'confirmed');
    expect(seen).toMatchObject({ status: 'open', paymentStatus: 'unpaid', amountReceived: '0' });
    // Found blocks later, yet in its own block, with its transaction: the bisection started below it.
    expect(seen.payments[0]).toMatchObject({ network: 'local', currency: 'ETH', amount: '0.05', matched: false, txHash, blockNumber: Number(blockNumber) });
    expect(await eventTypes(session.id)).toContain('checkout_session.payment_unmatched');
  });

  it('marks a pending payment reorged when its block leaves the chain, and pending again when it is mined again', async () => {
    const session = await open({ network: 'base-sepolia' });
    const txHash = await baseSepoliaFaucet.pay(session.depositAddress, { kind: 'token', address: USDC_BASE_SEPOLIA }, usdc('10'));
    await until(session.id, (s) => s.paymentStatus === 'pending');
    const raw = await rawTransaction(baseSepolia, txHash);
    await testClient(baseSepolia).request({ method: 'anvil_reorg' as never, params: [1, []] as never });
    const reorged = await until(session.id, (s) => s.payments[0]?.status === 'reorged');
    expect(reorged).toMatchObject({ paymentStatus: 'unpaid', amountPending: '0' });
    await publicClient(baseSepolia).sendRawTransaction({ serializedTransaction: raw });
    await until(session.id, (s) => s.payments[0]?.status === 'pending');
    await testClient(baseSepolia).mine({ blocks: 3 });
    const paid = await until(session.id, (s) => s.status === 'complete');
    expect(paid.payments).toEqual([expect.objectContaining({ txHash, status: 'confirmed' })]);
    expect(await eventTypes(session.id)).toEqual([
      'checkout_session.created',
      'checkout_session.payment_pending',
      'checkout_session.payment_reorged',
      'checkout_session.payment_pending',
      'checkout_session.payment_confirmed',
      'checkout_session.completed',
    ]);
  });

  it('reflects a reorg deeper than the settlement rule after confirmation, and logs it as an error', async () => {
    const session = await open({ network: 'local' });
    await localFaucet.pay(session.depositAddress, { kind: 'token', address: USDC_LOCAL }, usdc('10'));
    await until(session.id, (s) => s.status === 'complete');
    await testClient(local).request({ method: 'anvil_reorg' as never, params: [2, []] as never });
    const after = await until(session.id, (s) => s.payments[0]?.status === 'reorged');
    // A completed session stays complete (the merchant was told); its payment state says what the chain says.
    expect(after).toMatchObject({ status: 'complete', paymentStatus: 'unpaid', amountReceived: '0' });
    expect(testApp.logs.lines.some((line) => line.level === 50 && line.msg === 'a confirmed payment was reorged out of the chain')).toBe(true);
  });
});

function publicClient(anvil: Anvil) {
  return createPublicClient({ transport: http(anvil.rpcUrl), cacheTime: 0 });
}

function testClient(anvil: Anvil) {
  return createTestClient({ mode: 'anvil', transport: http(anvil.rpcUrl), cacheTime: 0 });
}

/** The signed bytes of a mined transaction: sent again after a reorg, it is the same transaction. */
async function rawTransaction(anvil: Anvil, hash: Hash): Promise<`0x${string}`> {
  return (await publicClient(anvil).request({ method: 'eth_getRawTransactionByHash' as never, params: [hash] as never })) as `0x${string}`;
}
