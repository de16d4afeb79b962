import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseEther } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { DEPOSIT_FACTORY_ADDRESS, DETERMINISTIC_DEPLOYER } from '../src/chains/deposit-factory';
import { Anvil } from './support/anvil';
import { anvilClient } from './support/chain-payments';
import { PAYOUT_LIVE, startChainAs } from './support/chains';
import { runCli } from './support/cli-process';
import { freePort } from './support/free-port';

/**
 * Going live with the operator CLI (issue 14 §3, §5): `deploy-factory` on an Anvil posing as a
 * catalogue network, and `doctor` against a reachable chain and a dead URL. The CLI runs as the
 * built binary with only the variables each test gives it.
 */
describe('checkout-cli deploy-factory and doctor (issue 14 §3, §5)', () => {
  const operatorKey = generatePrivateKey();
  const operator = privateKeyToAccount(operatorKey);

  it('runs as `npx checkout-cli` from this repository, without the registry', () => {
    // The package's own bin: npx links it from the working tree (bin/checkout-cli.js keeps its executable bit).
    const run = spawnSync('npx', ['--offline', 'checkout-cli', 'help'], { cwd: join(__dirname, '..'), encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' } });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('Usage: checkout-cli');
    expect(run.stdout).toMatch(/doctor[\s\S]*deploy-factory[\s\S]*recover/);
  });

  describe('deploy-factory', () => {
    let optimism: Anvil;
    let polygon: Anvil;

    beforeAll(async () => {
      [optimism, polygon] = await Promise.all([Anvil.start(['--chain-id', '10']), Anvil.start(['--chain-id', '137'])]);
      for (const chain of [optimism, polygon]) await anvilClient(chain.rpcUrl).setBalance({ address: operator.address, value: parseEther('1') });
    });
    afterAll(() => Promise.all([optimism, polygon].map((anvil) => anvil?.stop())));

    it('plans with --dry-run, refuses without --yes off a terminal, then deploys through the proxy; a second run finds it there', async () => {
      const chain = anvilClient(optimism.rpcUrl);
      // The default RPC is the first of the service's own RPC_URLS_<NETWORK>.
      const env = { RPC_URLS_OPTIMISM: `${optimism.rpcUrl},http://127.0.0.1:1` };

      const dryRun = await runCli(['deploy-factory', '--network', 'optimism', '--key-stdin', '--dry-run'], { env, stdin: `${operatorKey}\n` });
      expect(dryRun.stderr).toBe('');
      expect(dryRun.code).toBe(0);
      expect(dryRun.stdout).toContain('Network optimism (chain id 10)');
      expect(dryRun.stdout).toContain(`the factory lands at ${DEPOSIT_FACTORY_ADDRESS}`);
      expect(dryRun.stdout).toMatch(/cost: about \d+ gas at up to [\d.]+ gwei: at most [\d.]+ ETH/);
      expect(dryRun.stdout).toContain(`paid by ${operator.address} (holds 1 ETH)`);
      expect(dryRun.stdout).toContain('Dry run: nothing was sent.');

      const unconfirmed = await runCli(['deploy-factory', '--network', 'optimism', '--key-stdin'], { env, stdin: `${operatorKey}\n` });
      expect(unconfirmed.code).toBe(2);
      expect(unconfirmed.stderr).toContain('there is no terminal to confirm on');
      expect(await chain.getTransactionCount({ address: operator.address })).toBe(0);
      expect(await chain.getCode({ address: DEPOSIT_FACTORY_ADDRESS })).toBeUndefined();

      const deployed = await runCli(['deploy-factory', '--network', 'optimism', '--key-stdin', '--yes'], { env, stdin: `${operatorKey}\n` });
      expect(deployed.stderr).toBe('');
      expect(deployed.code).toBe(0);
      expect(deployed.stdout).toContain(`The factory is deployed at ${DEPOSIT_FACTORY_ADDRESS}`);
      expect(await chain.getCode({ address: DEPOSIT_FACTORY_ADDRESS })).toMatch(/^0x[0-9a-f]+$/);
      expect(await chain.getTransactionCount({ address: operator.address })).toBe(1);

      const again = await runCli(['deploy-factory', '--network', 'optimism', '--rpc-url', optimism.rpcUrl], { stdin: '' });
      expect(again.code).toBe(0);
      expect(again.stdout).toContain('already deployed');
      for (const run of [dryRun, unconfirmed, deployed]) {
        expect(run.output).not.toContain(operatorKey.slice(2));
      }
    });

    it('says so when the deterministic deployment proxy is missing, and refuses an RPC of another chain', async () => {
      await anvilClient(polygon.rpcUrl).setCode({ address: DETERMINISTIC_DEPLOYER, bytecode: '0x' });
      const noProxy = await runCli(['deploy-factory', '--network', 'polygon', '--rpc-url', polygon.rpcUrl, '--key-stdin', '--yes'], { stdin: `${operatorKey}\n` });
      expect(noProxy.code).toBe(1);
      expect(noProxy.stderr).toContain(`The deterministic deployment proxy (${DETERMINISTIC_DEPLOYER}) is not on polygon`);

      const wrongChain = await runCli(['deploy-factory', '--network', 'base', '--rpc-url', polygon.rpcUrl, '--key-stdin', '--yes'], { stdin: `${operatorKey}\n` });
      expect(wrongChain.code).toBe(1);
      expect(wrongChain.stderr).toContain('serves chain id 137, but base is chain id 8453');
      expect(await anvilClient(polygon.rpcUrl).getTransactionCount({ address: operator.address })).toBe(0);
    });

    it('refuses a key file that holds no key, without quoting it', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'cc-key-'));
      const file = join(dir, 'key');
      writeFileSync(file, 'hunter2-not-a-key\n');
      try {
        // recover reads the key before anything else: no chain or service is needed to be refused.
        const run = await runCli(['recover', '--network', 'bsc', '--rpc-url', 'http://127.0.0.1:1', '--address', operator.address, '--key-file', file, '--yes']);
        expect(run.code).toBe(1);
        expect(run.stderr).toBe('Error: The key file does not hold a hex private key (64 hex digits, with or without 0x).\n');
        expect(run.output).not.toContain('hunter2');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe('doctor', () => {
    let base: Anvil;
    let deadUrl: string;
    const gasKey = generatePrivateKey();
    const gasAccount = privateKeyToAccount(gasKey);

    beforeAll(async () => {
      base = await startChainAs(8453);
      deadUrl = `http://127.0.0.1:${await freePort()}`;
    });
    afterAll(() => base?.stop());

    it('reports each live network and exits 1 when one is unreachable; never prints the gas key or an RPC URL\'s secret path', async () => {
      const run = await runCli(['doctor'], {
        env: { RPC_URLS_BASE: base.rpcUrl, RPC_URLS_OPTIMISM: `${deadUrl}/v2/OPTIMISM-SECRET`, PAYOUT_ADDRESS_LIVE: PAYOUT_LIVE, SWEEP_GAS_KEY: gasKey },
      });
      expect(run.code).toBe(1);
      const lines = run.stdout.split('\n');
      expect(lines).toEqual(
        expect.arrayContaining([
          'base:',
          `  ok   rpc: reachable (${base.rpcUrl})`,
          '  ok   chain id: 8453',
          `  ok   factory: deployed at ${DEPOSIT_FACTORY_ADDRESS}`,
          `  ok   payout address: ${PAYOUT_LIVE} (PAYOUT_ADDRESS_LIVE)`,
          '  ok   settlement: at the safe block (catalogue default)',
          'optimism:',
          `  FAIL rpc: no URL of RPC_URLS_OPTIMISM answered (${deadUrl}/…; HttpRequestError)`,
          'Not ready to go live: fix the FAIL lines above.',
        ]),
      );
      expect(run.stdout).toContain(`  warn gas key: not funded: ${gasAccount.address} holds 0 ETH`);
      for (const secret of [gasKey, gasKey.slice(2), 'OPTIMISM-SECRET']) expect(run.output).not.toContain(secret);
    });

    it('exits 0 when every live network is ready, the funded gas key shown with its balance and a settlement override named', async () => {
      await anvilClient(base.rpcUrl).setBalance({ address: gasAccount.address, value: parseEther('2') });
      const run = await runCli(['doctor'], { env: { RPC_URLS_BASE: base.rpcUrl, PAYOUT_ADDRESS_LIVE: PAYOUT_LIVE, SWEEP_GAS_KEY: gasKey, SETTLEMENT_BASE: '12' } });
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout).toContain(`  ok   gas key: funded: ${gasAccount.address} holds 2 ETH`);
      expect(run.stdout).toContain('  ok   settlement: 12 confirmations (SETTLEMENT_BASE)');
      expect(run.stdout).toContain('Ready to take live payments.');
    });

    it('exits 1 without any live network, and on a configuration the service would refuse', async () => {
      const none = await runCli(['doctor'], { env: {} });
      expect(none.code).toBe(1);
      expect(none.stdout).toContain('FAIL no live network is configured');

      const invalid = await runCli(['doctor'], { env: { RPC_URLS_BASE: base.rpcUrl } });
      expect(invalid.code).toBe(1);
      expect(invalid.stderr).toContain('PAYOUT_ADDRESS_LIVE is required when a live network is configured');
    });
  });
});
