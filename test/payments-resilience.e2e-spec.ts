import { randomBytes } from 'node:crypto';
import { createServer, type AddressInfo } from 'node:net';
import { rm } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import type { Address, Hash } from 'viem';
import { DevFaucet } from '../src/chains/local-chain/faucet';
import { LOCAL_TOKENS } from '../src/chains/local-chain/local-tokens';
import { provisionDevChain } from '../src/chains/local-chain/provision';
import { createScratchDatabase, dropDatabase } from '../src/database/scratch-database';
import { createKey } from './factories/api-keys';
import { testEnv } from './setup/test-env';
import { Anvil } from './support/anvil';
import { apiAs, type ApiClient } from './support/api-client';
import { anvilClient, canonicalTransfers, reorgDropping, sendEthThroughContract, usdc } from './support/chain-payments';
import { PAYOUT_TEST } from './support/chains';
import { freePort } from './support/free-port';
import { JsonRpcProxy } from './support/json-rpc-proxy';
import { ServerProcess } from './support/server-process';
import { createTestApp, type TestApp } from './support/test-app';
import { waitUntil } from './support/wait-until';

/**
 * The chain watcher under faults (issue 12 §4, §7), on real Anvil chains and real PostgreSQL, each
 * suite on a database of its own: a restart after 500 blocks of downtime, two instances with the
 * leader killed -9 mid-stream, dead and dying RPC URLs. (The stale-head alarm has a file of its own:
 * nestjs-pino keeps one root logger per module registry, so only a file's first app has its logs captured.)
 */
const USDC = LOCAL_TOKENS.find((token) => token.currency === 'USDC')!.address;
const SCOPES = ['sessions:read', 'sessions:write', 'events:read'] as const;

interface Session {
  id: string;
  status: string;
  paymentStatus: string;
  depositAddress: Address;
  amountReceived: string;
  amountPending: string;
  payments: { txHash: string | null; logIndex: number | null; amount: string; status: string; late: boolean }[];
}

interface ChainStatus {
  network: string;
  head: number | null;
  processedBlock: number | null;
  lag: number | null;
  leader: string | null;
  stale: boolean;
}

/** One PostgreSQL database for one suite, kept across app restarts, dropped at the end. */
async function scratchDatabase() {
  const url = await createScratchDatabase(testEnv('serverUrl'), 'resilience');
  const client = new Client({ connectionString: url });
  await client.connect();
  return {
    url,
    query: async <T>(sql: string, params: unknown[] = []) => (await client.query(sql, params)).rows as T[],
    drop: async () => {
      await client.end();
      await dropDatabase(testEnv('serverUrl'), url);
    },
  };
}
type Scratch = Awaited<ReturnType<typeof scratchDatabase>>;

/** How many payment rows, and of which events, each session has: each transfer must count exactly once. */
async function countsPerSession(db: Scratch, sessionIds: readonly string[]) {
  const rows = await db.query<{ id: string; payments: number; pending: number; reorged: number; confirmed: number; completed: number }>(
    `SELECT s.id,
            (SELECT count(*)::int FROM payments p WHERE p.session_id = s.id) AS payments,
            (SELECT count(*)::int FROM events e WHERE e.data->'object'->>'id' = s.id AND e.type = 'checkout_session.payment_pending') AS pending,
            (SELECT count(*)::int FROM events e WHERE e.data->'object'->>'id' = s.id AND e.type = 'checkout_session.payment_reorged') AS reorged,
            (SELECT count(*)::int FROM events e WHERE e.data->'object'->>'id' = s.id AND e.type = 'checkout_session.payment_confirmed') AS confirmed,
            (SELECT count(*)::int FROM events e WHERE e.data->'object'->>'id' = s.id AND e.type = 'checkout_session.completed') AS completed
       FROM checkout_sessions s WHERE s.id = ANY($1)`,
    [sessionIds],
  );
  return new Map(rows.map(({ id, ...counts }) => [id, counts]));
}

/** Waits until the watcher of `local` has processed the chain's head block (by hash: a reorg keeps the height). */
async function caughtUp(db: Scratch, rpcUrl: string, timeoutMs = 20_000): Promise<void> {
  const head = await anvilClient(rpcUrl).getBlock();
  await waitUntil(
    async () => {
      const [progress] = await db.query<{ block_hash: string }>(`SELECT block_hash FROM chain_progress WHERE network = 'local'`);
      return progress?.block_hash === head.hash;
    },
    { timeoutMs, intervalMs: 20 },
  );
}

describe('a restart after 500 blocks of downtime', () => {
  let anvil: Anvil;
  let db: Scratch;
  let testApp: TestApp | undefined;
  let api: ApiClient;
  let faucet: DevFaucet;
  // Three blocks deep: the payment seen before the stop is still pending when the service stops.
  const env = () => ({ PAYOUT_ADDRESS_TEST: PAYOUT_TEST, RPC_URLS_LOCAL: anvil.rpcUrl, SETTLEMENT_LOCAL: '3' });

  beforeAll(async () => {
    anvil = await Anvil.start();
    await provisionDevChain(anvil.rpcUrl, 'local');
    faucet = new DevFaucet(anvil.rpcUrl, 'local');
    db = await scratchDatabase();
  }, 30_000);

  afterAll(async () => {
    await testApp?.close();
    await db?.drop();
    await anvil?.stop();
  });

  it('misses nothing, counts nothing twice, walks back a reorg that happened meanwhile, and leaves every session in the state the chain says', async () => {
    testApp = await createTestApp({ databaseUrl: db.url, env: env() });
    api = apiAs(testApp.app, await createKey(testApp.app, { mode: 'test', scopes: [...SCOPES] }));
    const open = async (amount: string, currency = 'USDC'): Promise<Session> =>
      (await api.post('/api/v1/checkout_sessions', { amount, currency, network: 'local' }).expect(201)).body;
    const [exact, toppedUp, overpaid, underpaid, eth, unpaid] = [await open('10'), await open('10'), await open('10'), await open('10'), await open('0.3', 'ETH'), await open('10')];
    const sent: Hash[] = [await faucet.pay(toppedUp.depositAddress, { kind: 'token', address: USDC }, usdc('4'))];
    await waitUntil(async () => (await db.query(`SELECT 1 FROM payments WHERE status = 'pending'`)).length === 1, { timeoutMs: 10_000 });
    await testApp.close();
    testApp = undefined;

    // Downtime: 500 blocks, with payments among them (the forwarded ETH takes two: the forwarder, then the send).
    // First the chain drops the block of the payment the watcher saw pending; it is mined again a little later.
    const chain = anvilClient(anvil.rpcUrl);
    const stoppedAt = await chain.getBlockNumber();
    const reorgedOut = await reorgDropping(chain, 2);
    expect(reorgedOut).toHaveLength(1);
    const mine = (blocks: number) => chain.mine({ blocks });
    await mine(37);
    // Before the faucet's next transfer, which would take its nonce.
    await chain.waitForTransactionReceipt({ hash: await chain.sendRawTransaction({ serializedTransaction: reorgedOut[0] }), pollingInterval: 10 });
    await mine(40);
    sent.push(await faucet.pay(exact.depositAddress, { kind: 'token', address: USDC }, usdc('10')));
    await mine(49);
    sent.push(await faucet.pay(toppedUp.depositAddress, { kind: 'token', address: USDC }, usdc('6')));
    await mine(120);
    sent.push(await faucet.pay(overpaid.depositAddress, { kind: 'token', address: USDC }, usdc('12.5')));
    await mine(64);
    const plainEth = await faucet.pay(eth.depositAddress, { kind: 'native' }, 10n ** 17n);
    await mine(80);
    await sendEthThroughContract(anvil.rpcUrl, eth.depositAddress, 2n * 10n ** 17n);
    await mine(50);
    sent.push(await faucet.pay(underpaid.depositAddress, { kind: 'token', address: USDC }, usdc('3')));
    await mine(Number(stoppedAt + 500n - (await chain.getBlockNumber())));
    expect(await chain.getBlockNumber()).toBe(stoppedAt + 500n);

    const restartedAt = Date.now();
    testApp = await createTestApp({ databaseUrl: db.url, env: env() });
    const started = Date.now();
    await caughtUp(db, anvil.rpcUrl);
    const catchUpMs = Date.now() - started;
    process.stdout.write(
      `catch-up after 500 blocks of downtime: ${catchUpMs} ms once the app had started (${Math.round(500_000 / Math.max(catchUpMs, 1))} blocks/s; the start took ${started - restartedAt} ms)\n`,
    );

    api = apiAs(testApp.app, await createKey(testApp.app, { mode: 'test', scopes: [...SCOPES] }));
    const read = async (session: Session): Promise<Session> => (await api.get(`/api/v1/checkout_sessions/${session.id}`).expect(200)).body;
    expect(await read(exact)).toMatchObject({ status: 'complete', paymentStatus: 'paid', amountReceived: '10', amountPending: '0' });
    expect(await read(toppedUp)).toMatchObject({ status: 'complete', paymentStatus: 'paid', amountReceived: '10' });
    expect(await read(overpaid)).toMatchObject({ status: 'complete', paymentStatus: 'overpaid', amountReceived: '12.5' });
    expect(await read(underpaid)).toMatchObject({ status: 'open', paymentStatus: 'underpaid', amountReceived: '3', amountPending: '0' });
    expect(await read(unpaid)).toMatchObject({ status: 'open', paymentStatus: 'unpaid', amountReceived: '0', payments: [] });
    const ethSession = await read(eth);
    expect(ethSession).toMatchObject({ status: 'complete', paymentStatus: 'paid', amountReceived: '0.3' });
    expect(ethSession.payments.map((p) => [p.txHash, p.amount, p.status])).toEqual([
      [plainEth, '0.1', 'confirmed'],
      [null, '0.2', 'confirmed'],
    ]);

    // Exactly the chain's transfers, each once; every payment event once.
    const sessions = [exact, toppedUp, overpaid, underpaid, unpaid];
    const onChain = await canonicalTransfers(chain, USDC, sessions.map((session) => session.depositAddress));
    const recorded = await db.query<{ tx_hash: string; log_index: number; status: string }>(`SELECT tx_hash, log_index, status FROM payments WHERE token_address IS NOT NULL`);
    expect(recorded.map((row) => `${row.tx_hash}:${row.log_index}:${row.status}`).sort()).toEqual(onChain.map((t) => `${t.txHash}:${t.logIndex}:confirmed`).sort());
    expect(onChain.map((t) => t.txHash).sort()).toEqual([...sent].sort());
    const counts = await countsPerSession(db, [...sessions, eth].map((session) => session.id));
    for (const [session, payments, completed] of [[exact, 1, 1], [overpaid, 1, 1], [underpaid, 1, 0], [unpaid, 0, 0], [eth, 2, 1]] as const) {
      expect(counts.get(session.id)).toEqual({ payments, pending: payments, reorged: 0, confirmed: payments, completed });
    }
    // The payment reorged out while the service was down: pending, reorged, pending again, confirmed; one row.
    expect(counts.get(toppedUp.id)).toEqual({ payments: 2, pending: 3, reorged: 1, confirmed: 2, completed: 1 });
  });
});

describe('two instances on one database, the leader killed -9 mid-stream', () => {
  const SESSIONS = 30;
  const KILL_AFTER = 12;
  const admin = { email: 'ops@example.com', password: `pw-${randomBytes(12).toString('hex')}` };
  const dataDir = join(tmpdir(), `cc-resilience-${randomBytes(6).toString('hex')}`);
  let anvil: Anvil;
  let db: Scratch;
  const servers: ServerProcess[] = [];
  const ports: number[] = [];

  const call = async (port: number, path: string, init: { method?: string; body?: object; headers?: Record<string, string> } = {}) => {
    const response = await fetch(`http://127.0.0.1:${port}${path}`, {
      method: init.method ?? 'GET',
      headers: { 'content-type': 'application/json', ...init.headers },
      body: init.body && JSON.stringify(init.body),
    });
    return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, unknown> };
  };
  const localStatus = async (port: number) => ((await call(port, '/healthz/chains')).body.data as ChainStatus[]).find((s) => s.network === 'local')!;

  beforeAll(async () => {
    anvil = await Anvil.start();
    await provisionDevChain(anvil.rpcUrl, 'local');
    db = await scratchDatabase();
    for (let i = 0; i < 2; i++) {
      ports.push(await freePort());
      // One after the other: the first runs the migrations and creates the admin.
      servers.push(
        await ServerProcess.start({
          ...process.env,
          DATABASE_URL: db.url,
          PORT: String(ports[i]),
          HOST: '127.0.0.1',
          DATA_DIR: dataDir,
          LOCAL_CHAIN: 'off',
          RPC_URLS_LOCAL: anvil.rpcUrl,
          PAYOUT_ADDRESS_TEST: PAYOUT_TEST,
          ADMIN_EMAIL: admin.email,
          ADMIN_PASSWORD: admin.password,
          RATE_LIMIT_TEST: '100000',
          LOG_LEVEL: 'info',
        }),
      );
    }
  }, 60_000);

  afterAll(async () => {
    await Promise.all(servers.map((server) => server.stop('SIGTERM').catch(() => server.kill('SIGKILL'))));
    await db?.drop();
    await anvil?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('hands the watcher over within 10 s and records every payment, and each of its events, exactly once', async () => {
    const signIn = await call(ports[0], '/admin/session', { method: 'POST', body: admin });
    const cookie = signIn.headers.getSetCookie().map((value) => value.split(';')[0]).join('; ');
    const key = await call(ports[0], '/admin/api_keys', { method: 'POST', body: { name: 'resilience', mode: 'test', scopes: SCOPES }, headers: { cookie } });
    expect(key.status).toBe(201);
    const auth = { authorization: `Bearer ${key.body.secret as string}` };
    const sessions: Session[] = [];
    for (let i = 0; i < SESSIONS; i++) {
      // Created through either instance: they are one service.
      const created = await call(ports[i % 2], '/api/v1/checkout_sessions', { method: 'POST', body: { amount: '10', currency: 'USDC', network: 'local' }, headers: auth });
      sessions.push(created.body as unknown as Session);
    }

    await waitUntil(async () => (await localStatus(ports[0])).leader !== null, { timeoutMs: 10_000 });
    const { leader } = await localStatus(ports[0]);
    const leaderIndex = servers.findIndex((server) => leader === `${hostname().slice(0, 32)}:${server.pid}`);
    expect(leaderIndex).toBeGreaterThanOrEqual(0);
    const survivor = 1 - leaderIndex;
    const survivorId = `${hostname().slice(0, 32)}:${servers[survivor].pid}`;

    // A stream of payments, one after another; the leader dies in the middle of it.
    const faucet = new DevFaucet(anvil.rpcUrl, 'local');
    const sent: Hash[] = [];
    let killedAt = 0;
    const stream = (async () => {
      for (const [i, session] of sessions.entries()) {
        if (i === KILL_AFTER) {
          servers[leaderIndex].kill('SIGKILL');
          killedAt = Date.now();
        }
        sent.push(await faucet.pay(session.depositAddress, { kind: 'token', address: USDC }, usdc('10')));
      }
    })();
    await waitUntil(() => killedAt > 0, { timeoutMs: 20_000, intervalMs: 5 });
    await waitUntil(async () => (await localStatus(ports[survivor])).leader === survivorId, { timeoutMs: 15_000, intervalMs: 50 });
    const takeoverMs = Date.now() - killedAt;
    process.stdout.write(`watcher takeover after the leader's kill -9: ${takeoverMs} ms\n`);
    expect(takeoverMs).toBeLessThan(10_000);
    expect(await servers[leaderIndex].exited).toMatchObject({ signal: 'SIGKILL' });
    await stream;

    await waitUntil(async () => (await db.query(`SELECT 1 FROM checkout_sessions WHERE status = 'complete'`)).length === SESSIONS, { timeoutMs: 20_000, intervalMs: 100 });
    const perTx = await db.query<{ tx_hash: string; rows: number; status: string }>(
      `SELECT tx_hash, count(*)::int AS rows, min(status) AS status FROM payments GROUP BY tx_hash`,
    );
    expect(perTx.map((row) => row.tx_hash).sort()).toEqual([...sent].sort());
    expect(perTx.every((row) => row.rows === 1 && row.status === 'confirmed')).toBe(true);
    const counts = await countsPerSession(db, sessions.map((session) => session.id));
    expect([...counts.values()]).toEqual(Array(SESSIONS).fill({ payments: 1, pending: 1, reorged: 0, confirmed: 1, completed: 1 }));
  });
});

describe('RPC failover', () => {
  let anvil: Anvil;
  let faucet: DevFaucet;

  beforeAll(async () => {
    anvil = await Anvil.start();
    await provisionDevChain(anvil.rpcUrl, 'local');
    faucet = new DevFaucet(anvil.rpcUrl, 'local');
  }, 30_000);
  afterAll(() => anvil?.stop());

  const appWith = async (rpcUrls: string[]) => {
    const testApp = await createTestApp({ ownDatabase: true, env: { PAYOUT_ADDRESS_TEST: PAYOUT_TEST, RPC_URLS_LOCAL: rpcUrls.join(',') } });
    const api = apiAs(testApp.app, await createKey(testApp.app, { mode: 'test', scopes: [...SCOPES] }));
    const paid = async (): Promise<Session> => {
      const session: Session = (await api.post('/api/v1/checkout_sessions', { amount: '10', currency: 'USDC', network: 'local' }).expect(201)).body;
      await faucet.pay(session.depositAddress, { kind: 'token', address: USDC }, usdc('10'));
      let last!: Session;
      await waitUntil(async () => (last = (await api.get(`/api/v1/checkout_sessions/${session.id}`).expect(200)).body).status === 'complete', { timeoutMs: 15_000, intervalMs: 100 });
      return last;
    };
    return { testApp, api, paid };
  };

  it('detects payments, and the test helper pays, when the first RPC URL is dead from the start', async () => {
    const { testApp, api, paid } = await appWith([`http://127.0.0.1:${await freePort()}`, anvil.rpcUrl]);
    try {
      expect(await paid()).toMatchObject({ paymentStatus: 'paid', amountReceived: '10' });
      // The test helper's faucet pays through the URL that answers, not the dead first one.
      const session: Session = (await api.post('/api/v1/checkout_sessions', { amount: '10', currency: 'USDC', network: 'local' }).expect(201)).body;
      const helped = await api.post(`/api/v1/test_helpers/checkout_sessions/${session.id}/pay`, {}).expect(200);
      expect(helped.body.payments).toEqual([expect.objectContaining({ amount: '10', matched: true })]);
    } finally {
      await testApp.close();
    }
  });

  it('keeps detecting through the second URL when the first accepts connections but never answers', async () => {
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { testApp, paid } = await appWith([`http://127.0.0.1:${(silent.address() as AddressInfo).port}`, anvil.rpcUrl]);
    try {
      // Each request to the silent URL costs the 5 s timeout: without passing it over, a tick takes ~25 s.
      const sentAt = Date.now();
      expect(await paid()).toMatchObject({ paymentStatus: 'paid', amountReceived: '10' });
      process.stdout.write(`payment detected behind a silent first RPC URL after ${Date.now() - sentAt} ms\n`);
    } finally {
      await testApp.close();
      silent.close();
    }
  });

  it('keeps detecting through the second URL when the first dies mid-run', async () => {
    const proxy = await JsonRpcProxy.start(anvil.rpcUrl);
    const { testApp, paid } = await appWith([proxy.url, anvil.rpcUrl]);
    try {
      expect(await paid()).toMatchObject({ paymentStatus: 'paid' });
      // The first URL carried the watcher while it lived.
      expect(proxy.count('eth_getLogs')).toBeGreaterThan(0);
      await proxy.stop();
      expect(await paid()).toMatchObject({ paymentStatus: 'paid', amountReceived: '10' });
      expect(await paid()).toMatchObject({ paymentStatus: 'paid', amountReceived: '10' });
    } finally {
      await testApp.close();
    }
  });
});
