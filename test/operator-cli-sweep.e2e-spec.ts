import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { encodeFunctionData, erc20Abi, getAddress, parseEther, type Address } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { depositSalt } from '../src/chains/deposit-factory';
import { faucetAccount } from '../src/chains/local-chain/dev-accounts';
import { LOCAL_TOKENS } from '../src/chains/local-chain/local-tokens';
import { provisionDevChain } from '../src/chains/local-chain/provision';
import { createAdmin, signIn, type TestAdmin } from './factories/admins';
import { createKey } from './factories/api-keys';
import { Anvil } from './support/anvil';
import { apiAs, type ApiClient } from './support/api-client';
import { anvilClient, usdc, type AnvilClient } from './support/chain-payments';
import { runCli, type CliRun } from './support/cli-process';
import { createTestApp, type TestApp } from './support/test-app';
import { waitUntil } from './support/wait-until';

/**
 * `checkout-cli sweep` and `balances` (issue 14 §3): the service watches a local Anvil without a
 * gas key, so it never sweeps by itself; the operator sweeps from the built CLI with a key of their
 * own, and the service records those sweeps from the chain as initiator `other`.
 */
const USDC = LOCAL_TOKENS.find((token) => token.currency === 'USDC')!.address;
const PAYOUT = getAddress('0x4444444444444444444444444444444444444444');

interface Session {
  id: string;
  depositAddress: Address;
}

describe('checkout-cli sweep and balances (issue 14 §3)', () => {
  let chain: Anvil;
  let client: AnvilClient;
  let testApp: TestApp;
  let dataSource: DataSource;
  let serviceUrl: string;
  let api: ApiClient;
  let admin: TestAdmin;
  let cookie: string;
  let keyDir: string;
  let keyFile: string;
  const operatorKey = generatePrivateKey();
  const operator = privateKeyToAccount(operatorKey);
  let usdcSession: Session;
  let ethSession: Session;
  const runs: CliRun[] = [];

  const cli = async (args: string[], stdin: string): Promise<CliRun> => {
    const run = await runCli([...args, '--url', serviceUrl, '--email', admin.email, '--password-stdin'], { stdin });
    runs.push(run);
    return run;
  };
  const sweep = (...args: string[]) => cli(['sweep', '--network', 'local', '--rpc-url', chain.rpcUrl, '--key-file', keyFile, ...args], `${admin.password}\n`);
  const tokenBalance = (holder: Address) => client.readContract({ address: USDC, abi: erc20Abi, functionName: 'balanceOf', args: [holder] });
  const send = async (to: Address, value: bigint, data?: `0x${string}`) => {
    const hash = await client.sendUnsignedTransaction({ from: faucetAccount.address, to, value, data });
    expect((await client.waitForTransactionReceipt({ hash, pollingInterval: 10 })).status).toBe('success');
  };
  /** Mines a block every 200 ms until `check` holds: confirmations come from blocks on top. */
  const mineUntil = (check: () => Promise<boolean>) =>
    waitUntil(
      async () => {
        if (await check()) return true;
        await client.mine({ blocks: 1 });
        return false;
      },
      { timeoutMs: 20_000, intervalMs: 200 },
    );
  const adminGet = (path: string) => request(testApp.app.getHttpServer()).get(path).set('Cookie', cookie);
  const waitingSessions = async (): Promise<string[]> => ((await adminGet('/admin/sweeps/waiting?network=local').expect(200)).body.data as { session: string }[]).map((entry) => entry.session).sort();

  beforeAll(async () => {
    chain = await Anvil.start();
    await provisionDevChain(chain.rpcUrl, 'local');
    client = anvilClient(chain.rpcUrl);
    // No SWEEP_GAS_KEY: the service only watches; the operator sweeps.
    testApp = await createTestApp({ ownDatabase: true, env: { RPC_URLS_LOCAL: chain.rpcUrl, PAYOUT_ADDRESS_TEST: PAYOUT } });
    await testApp.app.listen(0, '127.0.0.1');
    serviceUrl = `http://127.0.0.1:${(testApp.app.getHttpServer().address() as AddressInfo).port}`;
    dataSource = testApp.app.get(DataSource);
    api = apiAs(testApp.app, await createKey(testApp.app, { mode: 'test', scopes: ['sessions:write', 'sessions:read'] }));
    admin = await createAdmin(testApp.app);
    cookie = await signIn(testApp.app, admin);
    keyDir = mkdtempSync(join(tmpdir(), 'cc-operator-'));
    keyFile = join(keyDir, 'operator.key');
    writeFileSync(keyFile, `${operatorKey}\n`);
    chmodSync(keyFile, 0o600);
    await client.setBalance({ address: operator.address, value: parseEther('1') });

    usdcSession = (await api.post('/api/v1/checkout_sessions', { amount: '10', currency: 'USDC' }).expect(201)).body;
    ethSession = (await api.post('/api/v1/checkout_sessions', { amount: '0.01', currency: 'ETH' }).expect(201)).body;
    await send(USDC, 0n, encodeFunctionData({ abi: erc20Abi, functionName: 'transfer', args: [usdcSession.depositAddress, usdc('10')] }));
    await send(ethSession.depositAddress, parseEther('0.01'));
    await mineUntil(async () => (await waitingSessions()).length === 2);
  }, 90_000);

  afterAll(async () => {
    await testApp?.close();
    await chain?.stop();
    if (keyDir) rmSync(keyDir, { recursive: true, force: true });
  });

  it('GET /admin/sweeps/waiting lists each address with what names it; 400 for an unknown or disabled network, 401 without a session', async () => {
    const waiting = await adminGet('/admin/sweeps/waiting?network=local').expect(200);
    expect(waiting.body).toMatchObject({ object: 'list', network: 'local' });
    expect(waiting.body.data).toEqual(
      expect.arrayContaining([
        {
          object: 'waiting_address',
          depositAddress: usdcSession.depositAddress,
          session: usdcSession.id,
          livemode: false,
          payoutAddress: PAYOUT,
          salt: depositSalt(usdcSession.id),
          assets: [{ currency: 'USDC', token: USDC, amount: '10' }],
          since: expect.any(String),
        },
        expect.objectContaining({ session: ethSession.id, assets: [{ currency: 'ETH', token: null, amount: '0.01' }] }),
      ]),
    );
    expect((await adminGet('/admin/sweeps/waiting?network=mars').expect(400)).body.error).toMatchObject({ code: 'parameter_invalid', param: 'network' });
    expect((await adminGet('/admin/sweeps/waiting?network=base').expect(400)).body.error).toMatchObject({ code: 'parameter_invalid', param: 'network' });
    await request(testApp.app.getHttpServer()).get('/admin/sweeps/waiting?network=local').expect(401);
  });

  it('sweep --dry-run prints the plan with its cost and sends nothing', async () => {
    const nonce = await client.getTransactionCount({ address: operator.address });
    const balance = await client.getBalance({ address: operator.address });
    const block = await client.getBlockNumber();

    const run = await sweep('--dry-run');

    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Network local (chain id 31337)');
    expect(run.stdout).toContain('Plan: sweep 2 deposit addresses in 1 sweepMany transaction:');
    expect(run.stdout).toMatch(/batch 1: about \d+ gas at up to [\d.]+ gwei: at most [\d.]+ ETH/);
    expect(run.stdout).toContain(`${usdcSession.depositAddress} (${usdcSession.id}) → ${PAYOUT}: 10 USDC`);
    expect(run.stdout).toContain(`${ethSession.depositAddress} (${ethSession.id}) → ${PAYOUT}: 0.01 ETH`);
    expect(run.stdout).toContain(`paid by ${operator.address}`);
    expect(run.stdout).toContain('Dry run: nothing was sent.');
    expect(await client.getTransactionCount({ address: operator.address })).toBe(nonce);
    expect(await client.getBalance({ address: operator.address })).toBe(balance);
    const estimate = /batch 1: about (\d+) gas/.exec(run.stdout)![1];

    const oneByOne = await sweep('--dry-run', '--batch-size', '1');
    expect(oneByOne.code).toBe(0);
    expect(oneByOne.stdout).toContain('Plan: sweep 2 deposit addresses in 2 sweepMany transactions:');
    expect(oneByOne.stdout).toMatch(/batch 1: about \d+ gas[^]*batch 2: about \d+ gas/);
    process.stdout.write(`checkout-cli sweep of 2 addresses (10 USDC, 0.01 ETH) in one sweepMany: about ${estimate} gas (estimate)\n`);

    expect(await client.getTransactionCount({ address: operator.address })).toBe(nonce);
    expect(await client.getBalance({ address: operator.address })).toBe(balance);
    expect(await client.getBlockNumber()).toBe(block);
    expect(await tokenBalance(usdcSession.depositAddress)).toBe(usdc('10'));
    expect(await client.getBalance({ address: ethSession.depositAddress })).toBe(parseEther('0.01'));
  });

  it('refuses to send without --yes when there is no terminal to confirm on', async () => {
    const nonce = await client.getTransactionCount({ address: operator.address });
    const run = await sweep();
    expect(run.code).toBe(2);
    expect(run.stdout).toContain('Plan:');
    expect(run.stderr).toContain('Refusing to go on');
    expect(await client.getTransactionCount({ address: operator.address })).toBe(nonce);
  });

  it('refuses a chain where the deposit factory is not deployed, before anything is sent', async () => {
    const bare = await Anvil.start();
    try {
      const bareClient = anvilClient(bare.rpcUrl);
      await bareClient.setBalance({ address: operator.address, value: parseEther('1') });
      const run = await cli(['sweep', '--network', 'local', '--rpc-url', bare.rpcUrl, '--key-file', keyFile, '--yes'], `${admin.password}\n`);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('The deposit factory is not deployed on local');
      expect(await bareClient.getTransactionCount({ address: operator.address })).toBe(0);
    } finally {
      await bare.stop();
    }
  });

  it('sweep --session sweeps only that session\'s address; the other still waits', async () => {
    const payoutBefore = await tokenBalance(PAYOUT);
    const ethPayoutBefore = await client.getBalance({ address: PAYOUT });

    const run = await sweep('--session', usdcSession.id, '--yes');

    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Plan: sweep 1 deposit address in 1 sweepMany transaction:');
    expect(run.stdout).toMatch(/Batch 1 swept in block \d+ \(\d+ gas\)/);
    expect(run.stdout).toContain(`  ${usdcSession.depositAddress} (${usdcSession.id}) → ${PAYOUT}: 10 USDC`);
    expect(run.stdout).not.toContain(ethSession.id);
    expect(await tokenBalance(PAYOUT)).toBe(payoutBefore + usdc('10'));
    expect(await tokenBalance(usdcSession.depositAddress)).toBe(0n);
    expect(await client.getBalance({ address: PAYOUT })).toBe(ethPayoutBefore);
    expect(await client.getBalance({ address: ethSession.depositAddress })).toBe(parseEther('0.01'));
    process.stdout.write(`checkout-cli sweep of 1 address: ${/\((\d+) gas\)/.exec(run.stdout)![1]} gas\n`);
  });

  it('sweep sweeps the rest: the address swept before is not swept again', async () => {
    const ethPayoutBefore = await client.getBalance({ address: PAYOUT });
    const nonce = await client.getTransactionCount({ address: operator.address });

    const run = await sweep('--yes');

    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Plan: sweep 1 deposit address in 1 sweepMany transaction:');
    expect(run.stdout).toContain(`  ${ethSession.depositAddress} (${ethSession.id}) → ${PAYOUT}: 0.01 ETH`);
    expect(run.stdout).not.toContain(`${usdcSession.depositAddress} (${usdcSession.id}) → ${PAYOUT}: 10 USDC`);
    expect(await client.getBalance({ address: PAYOUT })).toBe(ethPayoutBefore + parseEther('0.01'));
    expect(await client.getBalance({ address: ethSession.depositAddress })).toBe(0n);
    expect(await client.getTransactionCount({ address: operator.address })).toBe(nonce + 1);
  });

  it('the service records both sweeps as initiator other, nothing waits, and balances prints the numbers', async () => {
    await mineUntil(async () => {
      const body = (await adminGet('/admin/sweeps').expect(200)).body as { data: { status: string }[] };
      return body.data.length === 2 && body.data.every((entry) => entry.status === 'mined');
    });
    const sweeps = (await adminGet('/admin/sweeps').expect(200)).body.data as { initiator: string; sender: string; items: { session: string; currency: string; amount: string }[] }[];
    expect(sweeps.map((entry) => [entry.initiator, entry.sender])).toEqual([
      ['other', operator.address],
      ['other', operator.address],
    ]);
    expect(sweeps.flatMap((entry) => entry.items.map((item) => [item.session, item.currency, item.amount])).sort()).toEqual(
      [
        [usdcSession.id, 'USDC', '10'],
        [ethSession.id, 'ETH', '0.01'],
      ].sort(),
    );
    expect(await waitingSessions()).toEqual([]);
    const [{ unswept }] = (await dataSource.query(`SELECT count(*)::int AS unswept FROM payments WHERE sweep_id IS NULL`)) as { unswept: number }[];
    expect(unswept).toBe(0);

    const run = await cli(['balances'], `${admin.password}\n`);

    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Mode +Network +Currency +Received +Swept +Waiting +Last sweep$/m);
    expect(run.stdout).toMatch(/^test +local +USDC +10 +10 +0 +\S+ 0x[0-9a-f]{64}$/m);
    expect(run.stdout).toMatch(/^test +local +ETH +0\.01 +0\.01 +0 +\S+ 0x[0-9a-f]{64}$/m);
    expect(run.stdout).toContain('Automatic sweeps are off (SWEEP_GAS_KEY is unset)');

    const nothing = await sweep('--yes');
    expect(nothing.code).toBe(0);
    expect(nothing.stdout).toContain('Nothing waits to be swept on local.');
  });

  it('skips an address the service lists that is already empty on chain, and sends nothing when that leaves none', async () => {
    const session: Session = (await api.post('/api/v1/checkout_sessions', { amount: '0.02', currency: 'ETH' }).expect(201)).body;
    await send(session.depositAddress, parseEther('0.02'));
    await mineUntil(async () => (await waitingSessions()).includes(session.id));
    // Emptied without a log the watcher could see: as a sweep mined a moment ago looks before it is recorded.
    await client.setBalance({ address: session.depositAddress, value: 0n });
    const nonce = await client.getTransactionCount({ address: operator.address });

    const run = await sweep('--yes');

    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Skipping ${session.depositAddress} (${session.id}): already empty on chain`);
    expect(run.stdout).toContain('Nothing waits to be swept on local.');
    expect(await client.getTransactionCount({ address: operator.address })).toBe(nonce);
  });

  afterAll(() => {
    // Neither secret is ever printed, with or without its 0x.
    for (const run of runs) for (const secret of [operatorKey, operatorKey.slice(2), admin.password]) expect(run.output).not.toContain(secret);
  });
});
