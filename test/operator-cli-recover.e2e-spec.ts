import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { encodeDeployData, encodeFunctionData, erc20Abi, parseEther, type Address, type Hex } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { testTokenArtifact } from '../contracts/artifacts/TestToken';
import { DEPOSIT_FACTORY_ADDRESS } from '../src/chains/deposit-factory';
import { faucetAccount } from '../src/chains/local-chain/dev-accounts';
import { NETWORKS } from '../src/chains/networks';
import { createAdmin, type TestAdmin } from './factories/admins';
import { createKey } from './factories/api-keys';
import { apiAs, type ApiClient } from './support/api-client';
import { Anvil } from './support/anvil';
import { anvilClient, usdc, type AnvilClient } from './support/chain-payments';
import { startChainAs } from './support/chains';
import { runCli } from './support/cli-process';
import { createTestApp, type TestApp } from './support/test-app';
import { waitUntil } from './support/wait-until';

/**
 * `checkout-cli recover` (issue 14 §3, §6): a live session's deposit address paid on a network the
 * service does not watch. The service runs with base only (an Anvil with base's chain id and the
 * factory); arbitrum (an Anvil with its chain id, no RPC_URLS_ARBITRUM for the service, no factory)
 * and bsc (outside the catalogue) are the third chains. The CLI runs as the built binary.
 */
const USDC_ARBITRUM = NETWORKS.arbitrum.tokens.find((token) => token.currency === 'USDC')!.address;

describe('checkout-cli recover (issue 14 §3)', () => {
  let base: Anvil;
  let arbitrum: Anvil;
  let bsc: Anvil;
  let testApp: TestApp;
  let serviceUrl: string;
  let live: ApiClient;
  let admin: TestAdmin;
  let keyDir: string;
  const operatorKey = generatePrivateKey();
  const operator = privateKeyToAccount(operatorKey);
  const payout = privateKeyToAccount(generatePrivateKey()).address;
  let keyFile: string;

  const openSession = async (): Promise<{ id: string; depositAddress: Address }> =>
    (await live.post('/api/v1/checkout_sessions', { amount: '25', currency: 'USDC' }).expect(201)).body;

  /** A dev chain's faucet (Anvil account #0, unlocked) sends what a payer would. */
  const pay = async (chain: AnvilClient, to: Address | undefined, value: bigint, data?: Hex) => {
    const hash = await chain.sendUnsignedTransaction({ from: faucetAccount.address, to, value, data });
    const receipt = await chain.waitForTransactionReceipt({ hash, pollingInterval: 10 });
    if (receipt.status !== 'success') throw new Error('payment reverted');
    return receipt;
  };
  const tokenBalance = (chain: AnvilClient, token: Address, owner: Address) => chain.readContract({ address: token, abi: erc20Abi, functionName: 'balanceOf', args: [owner] });
  const adminArgs = () => ['--url', serviceUrl, '--email', admin.email, '--password-stdin'];

  beforeAll(async () => {
    [base, arbitrum, bsc] = await Promise.all([startChainAs(8453), Anvil.start(['--chain-id', '42161']), Anvil.start(['--chain-id', '56'])]);
    testApp = await createTestApp({ ownDatabase: true, env: { RPC_URLS_BASE: base.rpcUrl, PAYOUT_ADDRESS_LIVE: payout } });
    await testApp.app.listen(0, '127.0.0.1');
    serviceUrl = `http://127.0.0.1:${(testApp.app.getHttpServer().address() as AddressInfo).port}`;
    live = apiAs(testApp.app, await createKey(testApp.app, { mode: 'live', scopes: ['sessions:write', 'sessions:read'] }));
    admin = await createAdmin(testApp.app);
    keyDir = mkdtempSync(join(tmpdir(), 'cc-operator-'));
    keyFile = join(keyDir, 'operator.key');
    writeFileSync(keyFile, `${operatorKey}\n`);
    chmodSync(keyFile, 0o600);
    for (const chain of [arbitrum, bsc]) await anvilClient(chain.rpcUrl).setBalance({ address: operator.address, value: parseEther('1') });
    // arbitrum's USDC, as the catalogue names it, on the local stand-in for arbitrum.
    await anvilClient(arbitrum.rpcUrl).setCode({ address: USDC_ARBITRUM, bytecode: testTokenArtifact.deployedBytecode });
  }, 60_000);

  afterAll(async () => {
    await testApp?.close();
    await Promise.all([base, arbitrum, bsc].map((anvil) => anvil?.stop()));
    rmSync(keyDir, { recursive: true, force: true });
  });

  it('looks a deposit address up in the admin API: session, mode, payout and salt; 404 for an unknown one, 401 without a session', async () => {
    const session = await openSession();
    const http = request(testApp.app.getHttpServer());
    const signedIn = await http.post('/admin/session').send(admin).expect(200);
    const cookie = (signedIn.headers['set-cookie'] as unknown as string[]).map((entry) => entry.split(';')[0]).join('; ');
    const found = await http.get(`/admin/deposit_addresses/${session.depositAddress.toLowerCase()}`).set('Cookie', cookie).expect(200);
    expect(found.body).toEqual({
      object: 'deposit_address',
      address: session.depositAddress,
      checkoutSession: session.id,
      livemode: true,
      payoutAddress: payout,
      salt: expect.stringMatching(/^0x[0-9a-f]{64}$/),
      networks: ['base'],
      createdAt: expect.any(String),
      // Nothing paid on a watched network yet.
      holdings: [],
      sweeps: [],
    });
    const unknown = await http.get(`/admin/deposit_addresses/${payout}`).set('Cookie', cookie).expect(404);
    expect(unknown.body.error).toMatchObject({ code: 'resource_missing', param: 'address' });
    expect((await http.get('/admin/deposit_addresses/0x1234').set('Cookie', cookie).expect(400)).body.error.code).toBe('parameter_invalid');
    await http.get(`/admin/deposit_addresses/${session.depositAddress}`).expect(401);
  });

  it('sweeps ETH and a token paid on an unwatched chain to the payout, deploying the factory there first', async () => {
    const session = await openSession();
    const chain = anvilClient(arbitrum.rpcUrl);
    expect(await chain.getCode({ address: DEPOSIT_FACTORY_ADDRESS })).toBeUndefined();
    await pay(chain, session.depositAddress, parseEther('0.5'));
    await pay(chain, USDC_ARBITRUM, 0n, encodeFunctionData({ abi: testTokenArtifact.abi, functionName: 'mint', args: [session.depositAddress, usdc('25')] }));

    const run = await runCli(['recover', '--network', 'arbitrum', '--rpc-url', arbitrum.rpcUrl, '--address', session.depositAddress, ...adminArgs(), '--key-file', keyFile, '--yes'], {
      stdin: `${admin.password}\n`,
    });

    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`belongs to checkout session ${session.id} (live mode)`);
    expect(run.stdout).toContain(`deploy the deposit factory at ${DEPOSIT_FACTORY_ADDRESS}`);
    expect(run.stdout).toMatch(/Moved to 0x[0-9a-fA-F]{40}:\n {2}0\.5 ETH\n {2}25 USDC/);
    expect(await chain.getBalance({ address: payout })).toBe(parseEther('0.5'));
    expect(await tokenBalance(chain, USDC_ARBITRUM, payout)).toBe(usdc('25'));
    expect(await chain.getBalance({ address: session.depositAddress })).toBe(0n);
    expect(await tokenBalance(chain, USDC_ARBITRUM, session.depositAddress)).toBe(0n);
    expect(await chain.getCode({ address: DEPOSIT_FACTORY_ADDRESS })).toMatch(/^0x[0-9a-f]+$/);
    // Neither secret is ever printed, with or without its 0x.
    for (const secret of [operatorKey, operatorKey.slice(2), admin.password]) expect(run.output).not.toContain(secret);
  });

  it('--dry-run prints the plan on a chain outside the catalogue and sends nothing', async () => {
    const session = await openSession();
    const chain = anvilClient(bsc.rpcUrl);
    const deployed = await pay(chain, undefined, 0n, encodeDeployData({ abi: testTokenArtifact.abi, bytecode: testTokenArtifact.bytecode, args: ['Tether USD', 'USDT'] }));
    const token = deployed.contractAddress!;
    await pay(chain, session.depositAddress, parseEther('0.25'));
    await pay(chain, token, 0n, encodeFunctionData({ abi: testTokenArtifact.abi, functionName: 'mint', args: [session.depositAddress, usdc('7')] }));
    const nonce = await chain.getTransactionCount({ address: operator.address });
    const block = await chain.getBlockNumber();

    const run = await runCli(
      ['recover', '--network', 'bsc', '--chain-id', '56', '--rpc-url', bsc.rpcUrl, '--address', session.depositAddress, '--token', token, ...adminArgs(), '--key-stdin', '--dry-run'],
      { stdin: `${operatorKey}\n${admin.password}\n` },
    );

    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('bsc is not in the catalogue: its chain id is what the RPC says, and only --token tokens are looked at.');
    expect(run.stdout).toContain('0.25 native coin');
    expect(run.stdout).toContain('7 USDT');
    expect(run.stdout).toContain(`deploy the deposit factory at ${DEPOSIT_FACTORY_ADDRESS}`);
    expect(run.stdout).toContain(`paid by ${operator.address}`);
    expect(run.stdout).toContain('Dry run: nothing was sent.');
    expect(await chain.getTransactionCount({ address: operator.address })).toBe(nonce);
    expect(await chain.getBlockNumber()).toBe(block);
    expect(await chain.getBalance({ address: session.depositAddress })).toBe(parseEther('0.25'));
    expect(await tokenBalance(chain, token, session.depositAddress)).toBe(usdc('7'));
    expect(await chain.getCode({ address: DEPOSIT_FACTORY_ADDRESS })).toBeUndefined();
    for (const secret of [operatorKey, operatorKey.slice(2), admin.password]) expect(run.output).not.toContain(secret);
  });

  it('refuses to send without --yes when there is no terminal to confirm on', async () => {
    const session = await openSession();
    const chain = anvilClient(bsc.rpcUrl);
    await pay(chain, session.depositAddress, parseEther('0.1'));
    const nonce = await chain.getTransactionCount({ address: operator.address });

    const run = await runCli(['recover', '--network', 'bsc', '--rpc-url', bsc.rpcUrl, '--address', session.depositAddress, ...adminArgs(), '--key-stdin'], {
      stdin: `${operatorKey}\n${admin.password}\n`,
    });

    expect(run.code).toBe(2);
    expect(run.stdout).toContain('Plan:');
    expect(run.stderr).toContain('Refusing to go on: there is no terminal to confirm on');
    expect(await chain.getTransactionCount({ address: operator.address })).toBe(nonce);
    expect(await chain.getBalance({ address: session.depositAddress })).toBe(parseEther('0.1'));
    for (const secret of [operatorKey, operatorKey.slice(2), admin.password]) expect(run.output).not.toContain(secret);
  });

  it('refuses a chain whose id is not the named network\'s, and a wrong password, without printing it', async () => {
    const session = await openSession();
    const wrongChain = await runCli(['recover', '--network', 'optimism', '--rpc-url', arbitrum.rpcUrl, '--address', session.depositAddress, ...adminArgs(), '--key-file', keyFile, '--yes'], {
      stdin: `${admin.password}\n`,
    });
    expect(wrongChain.code).toBe(1);
    expect(wrongChain.stderr).toContain('serves chain id 42161, but optimism is chain id 10');

    const wrongPassword = 'not-the-password-1234';
    const refused = await runCli(['recover', '--network', 'arbitrum', '--rpc-url', arbitrum.rpcUrl, '--address', session.depositAddress, ...adminArgs(), '--key-file', keyFile, '--yes'], {
      stdin: `${wrongPassword}\n`,
    });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`Signing in to ${serviceUrl} as ${admin.email} failed: 401`);
    expect(refused.output).not.toContain(wrongPassword);
  });

  it('does not take the service\'s word: a payout and salt that do not compute to the address stop it before anything is sent', async () => {
    const session = await openSession();
    const chain = anvilClient(bsc.rpcUrl);
    await pay(chain, session.depositAddress, parseEther('0.1'));
    const nonce = await chain.getTransactionCount({ address: operator.address });
    const attacker = privateKeyToAccount(generatePrivateKey()).address;
    // A service (or someone in between) naming another payout for this address.
    const lying = createServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      if (req.method === 'POST') res.setHeader('set-cookie', 'checkout_admin=x; HttpOnly');
      res.end(
        req.method === 'GET'
          ? JSON.stringify({ object: 'deposit_address', address: session.depositAddress, checkoutSession: session.id, livemode: true, payoutAddress: attacker, salt: `0x${'00'.repeat(32)}`, networks: ['base'] })
          : '{}',
      );
    });
    await new Promise<void>((resolve) => lying.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(lying.address() as AddressInfo).port}`;
      const run = await runCli(['recover', '--network', 'bsc', '--rpc-url', bsc.rpcUrl, '--address', session.depositAddress, '--url', url, '--email', admin.email, '--password-stdin', '--key-file', keyFile, '--yes'], {
        stdin: `${admin.password}\n`,
      });
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`The service's payout address and salt for ${session.depositAddress} do not compute to it: nothing was sent.`);
      expect(await chain.getTransactionCount({ address: operator.address })).toBe(nonce);
      expect(await chain.getBalance({ address: session.depositAddress })).toBe(parseEther('0.1'));
    } finally {
      await new Promise((resolve) => lying.close(resolve));
    }
  });

  it('logs the going-live check at start: the same report as doctor, for the live network it watches', async () => {
    await waitUntil(async () => testApp.logs.raw.some((line) => line.includes('going-live check')), { timeoutMs: 10_000, intervalMs: 50 });
    const report = testApp.logs.lines.map((line) => String(line.msg)).find((msg) => msg.startsWith('going-live check'))!;
    expect(report).toContain('base:');
    expect(report).toContain(`ok   factory: deployed at ${DEPOSIT_FACTORY_ADDRESS}`);
    expect(report).toContain(`ok   payout address: ${payout} (PAYOUT_ADDRESS_LIVE)`);
    expect(report).toContain('warn gas key: SWEEP_GAS_KEY is not set');
    expect(report).toContain('Ready to take live payments.');
  });
});
