import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { createPublicClient, http, type Address } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { testTokenArtifact } from '../contracts/artifacts/TestToken';
import { isAlive } from '../src/common/process/is-alive';
import { DEPOSIT_FACTORY_ADDRESS } from '../src/chains/deposit-factory';
import { faucetAccount } from '../src/chains/local-chain/dev-accounts';
import { DevFaucet } from '../src/chains/local-chain/faucet';
import { startLocalChain, type LocalChain } from '../src/chains/local-chain/local-chain';
import { LOCAL_TOKENS } from '../src/chains/local-chain/local-tokens';
import { FAUCET_TOKEN_BALANCE, provisionDevChain } from '../src/chains/local-chain/provision';
import { NETWORKS } from '../src/chains/networks';
import { Anvil } from './support/anvil';
import { freePort } from './support/free-port';
import { LogCapture } from './support/log-capture';
import { BUILT_MAIN } from './support/server-process';
import { waitUntil } from './support/wait-until';

const [USDC, USDT] = LOCAL_TOKENS;
const freshAddress = (): Address => privateKeyToAccount(generatePrivateKey()).address;

function chainReader(rpcUrl: string) {
  const client = createPublicClient({ transport: http(rpcUrl), cacheTime: 0 });
  return {
    client,
    code: (address: Address) => client.getCode({ address }),
    tokenBalance: (token: Address, owner: Address) => client.readContract({ address: token, abi: testTokenArtifact.abi, functionName: 'balanceOf', args: [owner] }),
  };
}

/** Runs test/support/local-chain-probe.js (the built local chain in a process of its own) until it is provisioned. */
async function startProbe(dataDir: string, port: number) {
  const child = spawn(process.execPath, [join(__dirname, 'support', 'local-chain-probe.js'), JSON.stringify({ dataDir, port })], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    for (const stream of [child.stdout!, child.stderr!]) stream.on('data', (chunk: Buffer) => (output += chunk.toString()) && output.includes('READY') && resolve());
    void exited.then(() => reject(new Error(`the local chain probe exited:\n${output}`)));
  });
  return { kill: async () => (child.kill('SIGKILL'), await exited) };
}

describe('the local chain', () => {
  const dataDir = join(tmpdir(), `cc-local-chain-${randomBytes(6).toString('hex')}`);
  const pidFile = join(dataDir, 'local-chain', 'anvil.pid');
  const logs = new LogCapture();
  const logger = pino({ level: 'info' }, logs);
  let port: number;
  let chain: LocalChain | undefined;
  const payee = freshAddress();

  beforeAll(async () => {
    expect(existsSync(BUILT_MAIN)).toBe(true);
    port = await freePort();
    chain = await startLocalChain({ dataDir, port, logger });
  });
  afterAll(async () => {
    await chain?.stop();
    if (existsSync(pidFile)) process.kill(Number(readFileSync(pidFile, 'utf8')), 'SIGKILL');
    await rm(dataDir, { recursive: true, force: true });
  });

  it('runs Anvil on the port with the local chain id, a block a second, and says where', async () => {
    const { client } = chainReader(chain!.rpcUrl);
    expect(chain!.rpcUrl).toBe(`http://127.0.0.1:${port}`);
    expect(await client.getChainId()).toBe(31337);
    const first = await client.getBlockNumber();
    await waitUntil(async () => (await client.getBlockNumber()) > first, { timeoutMs: 5_000 });
    expect(logs.lines.find((line) => line.msg === `local chain is ready on ${chain!.rpcUrl}`)).toMatchObject({
      chainId: 31337,
      faucet: faucetAccount.address,
      tokens: { USDC: USDC.address, USDT: USDT.address },
    });
  });

  it('deploys the factory and the test tokens at their fixed addresses, and funds the faucet', async () => {
    const reader = chainReader(chain!.rpcUrl);
    expect(NETWORKS.local.tokens.map((token) => token.address)).toEqual([USDC.address, USDT.address]);
    for (const address of [DEPOSIT_FACTORY_ADDRESS, USDC.address, USDT.address]) expect((await reader.code(address))?.length).toBeGreaterThan(2);
    for (const token of [USDC, USDT]) {
      expect(await reader.client.readContract({ address: token.address, abi: testTokenArtifact.abi, functionName: 'symbol' })).toBe(token.currency);
      expect(await reader.client.readContract({ address: token.address, abi: testTokenArtifact.abi, functionName: 'decimals' })).toBe(6);
      expect(await reader.tokenBalance(token.address, faucetAccount.address)).toBe(FAUCET_TOKEN_BALANCE);
    }
    expect(await reader.client.getBalance({ address: faucetAccount.address })).toBeGreaterThan(10n ** 21n);
  });

  it('pays ETH and USDC from the faucet with real transfers, several at once', async () => {
    const reader = chainReader(chain!.rpcUrl);
    const faucet = new DevFaucet(chain!.rpcUrl, 'local');
    const hashes = await Promise.all([
      faucet.pay(payee, { kind: 'native' }, 10n ** 16n),
      faucet.pay(payee, { kind: 'token', address: USDC.address }, 1_500_000n),
      faucet.pay(payee, { kind: 'token', address: USDC.address }, 250_000n),
      faucet.pay(payee, { kind: 'token', address: USDT.address }, 7n),
    ]);
    expect(new Set(hashes).size).toBe(4);
    expect(await reader.client.getBalance({ address: payee })).toBe(10n ** 16n);
    expect(await reader.tokenBalance(USDC.address, payee)).toBe(1_750_000n);
    expect(await reader.tokenBalance(USDT.address, payee)).toBe(7n);
    // A plain ETH send of 21,000 gas, as a wallet or an exchange makes it.
    const ethTransfer = await reader.client.getTransactionReceipt({ hash: hashes[0] });
    expect(ethTransfer.gasUsed).toBe(21_000n);
    expect(ethTransfer.from.toLowerCase()).toBe(faucetAccount.address.toLowerCase());
  });

  it('mints more when the faucet is short of a token', async () => {
    const reader = chainReader(chain!.rpcUrl);
    const faucet = new DevFaucet(chain!.rpcUrl, 'local');
    const whale = freshAddress();
    await faucet.pay(whale, { kind: 'token', address: USDT.address }, FAUCET_TOKEN_BALANCE * 3n);
    expect(await reader.tokenBalance(USDT.address, whale)).toBe(FAUCET_TOKEN_BALANCE * 3n);
  });

  it('provisions again harmlessly: tops the faucet up once, then sends nothing', async () => {
    const reader = chainReader(chain!.rpcUrl);
    await provisionDevChain(chain!.rpcUrl, 'local');
    expect(await reader.tokenBalance(USDC.address, faucetAccount.address)).toBe(FAUCET_TOKEN_BALANCE);
    const nonce = await reader.client.getTransactionCount({ address: faucetAccount.address });
    await provisionDevChain(chain!.rpcUrl, 'local');
    expect(await reader.client.getTransactionCount({ address: faucetAccount.address })).toBe(nonce);
    expect(await reader.tokenBalance(USDC.address, payee)).toBe(1_750_000n);
  });

  it('keeps its state across a stop and a start', async () => {
    const before = await chainReader(chain!.rpcUrl).client.getBlockNumber();
    await chain!.stop();
    chain = undefined;
    expect(existsSync(pidFile)).toBe(false);

    chain = await startLocalChain({ dataDir, port, logger });
    const reader = chainReader(chain.rpcUrl);
    expect(await reader.client.getBlockNumber()).toBeGreaterThanOrEqual(before);
    expect(await reader.tokenBalance(USDC.address, payee)).toBe(1_750_000n);
    expect(await reader.client.getBalance({ address: payee })).toBe(10n ** 16n);
  });

  it('after a kill -9 of the process that started it, the next start stops the orphan and starts on the same port', async () => {
    await chain!.stop();
    chain = undefined;
    const probe = await startProbe(dataDir, port);
    const orphan = Number(readFileSync(pidFile, 'utf8'));
    await probe.kill();
    expect(isAlive(orphan)).toBe(true);
    expect(await chainReader(`http://127.0.0.1:${port}`).client.getChainId()).toBe(31337);

    chain = await startLocalChain({ dataDir, port, logger });
    expect(logs.lines.some((line) => line.msg === 'stopping a local chain (Anvil) left running by an earlier process' && line.pid === orphan)).toBe(true);
    expect(isAlive(orphan)).toBe(false);
    expect(Number(readFileSync(pidFile, 'utf8'))).not.toBe(orphan);
    const reader = chainReader(chain.rpcUrl);
    expect(await reader.tokenBalance(USDC.address, payee)).toBe(1_750_000n);
  });

  it('ignores a stale pid file, and starts a new chain over a state file cut short', async () => {
    const elsewhere = join(tmpdir(), `cc-local-chain-${randomBytes(6).toString('hex')}`);
    try {
      await mkdir(join(elsewhere, 'local-chain'), { recursive: true });
      // This test's own pid: alive, but not an Anvil keeping that state.
      await writeFile(join(elsewhere, 'local-chain', 'anvil.pid'), `${process.pid}\n`);
      await writeFile(join(elsewhere, 'local-chain', 'state.json'), '{"block":{"number":"0x');
      const fresh = await startLocalChain({ dataDir: elsewhere, port: await freePort(), logger });
      try {
        expect((await chainReader(fresh.rpcUrl).code(USDC.address))?.length).toBeGreaterThan(2);
        expect((await readdir(join(elsewhere, 'local-chain'))).some((name) => name.startsWith('state.json.unreadable-'))).toBe(true);
      } finally {
        await fresh.stop();
      }
      expect(isAlive(process.pid)).toBe(true);
    } finally {
      await rm(elsewhere, { recursive: true, force: true });
    }
  });

  it('refuses to start on a port another program holds', async () => {
    const other = await Anvil.start();
    try {
      const taken = Number(new URL(other.rpcUrl).port);
      const elsewhere = join(tmpdir(), `cc-local-chain-${randomBytes(6).toString('hex')}`);
      await expect(startLocalChain({ dataDir: elsewhere, port: taken, logger })).rejects.toThrow(`127.0.0.1:${taken} is already in use by another program`);
      await rm(elsewhere, { recursive: true, force: true });
    } finally {
      await other.stop();
    }
  });
});

describe('provisioning another test network on an Anvil with its chain id', () => {
  let anvil: Anvil;
  beforeAll(async () => {
    anvil = await Anvil.start(['--chain-id', '84532']);
  });
  afterAll(() => anvil?.stop());

  it('puts a working test token at the catalogue address of base-sepolia USDC, and the factory', async () => {
    const [usdc] = NETWORKS['base-sepolia'].tokens;
    await provisionDevChain(anvil.rpcUrl, 'base-sepolia');
    const reader = chainReader(anvil.rpcUrl);
    expect((await reader.code(DEPOSIT_FACTORY_ADDRESS))?.length).toBeGreaterThan(2);
    expect(await reader.tokenBalance(usdc.address, faucetAccount.address)).toBe(FAUCET_TOKEN_BALANCE);

    const payee = freshAddress();
    await new DevFaucet(anvil.rpcUrl, 'base-sepolia').pay(payee, { kind: 'token', address: usdc.address }, 42_000_000n);
    expect(await reader.tokenBalance(usdc.address, payee)).toBe(42_000_000n);
    await provisionDevChain(anvil.rpcUrl, 'base-sepolia');
    expect(await reader.tokenBalance(usdc.address, payee)).toBe(42_000_000n);
  });

  it('refuses a network whose chain id the RPC does not answer, and any live network', async () => {
    await expect(provisionDevChain(anvil.rpcUrl, 'sepolia')).rejects.toThrow(/the RPC answers 84532/);
    await expect(provisionDevChain(anvil.rpcUrl, 'base')).rejects.toThrow(/base is a live network/);
  });
});
