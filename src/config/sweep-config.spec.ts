import 'reflect-metadata';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { loadConfig } from './app-config';
import { ConfigError } from './environment';

// Anvil's well-known dev account #1: a key that is public by design.
const KEY = '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d';
const ADDRESS = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';

function problemsFor(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected loadConfig to throw a ConfigError');
}

describe('sweep configuration', () => {
  it('sweeps nothing automatically by default: no gas key, 20 × gas, a week, batches of 50, a 100 gwei cap', () => {
    const { sweeping } = loadConfig({});

    expect(sweeping).toMatchObject({ gasAccount: undefined, minGasMultiple: 20, maxAgeHours: 168, batchSize: 50 });
    expect(sweeping.maxFeeWei('base')).toBe(100_000_000_000n);
  });

  it('reads the gas key from the variable or from a file, and keeps only its account', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'gas-key-')), 'key');
    writeFileSync(file, `${KEY.slice(2)}\n`);

    for (const value of [KEY, KEY.slice(2), file]) {
      const config = loadConfig({ SWEEP_GAS_KEY: value });
      expect(config.sweeping.gasAccount?.address).toBe(ADDRESS);
      // However the config is printed, the private key is not in it.
      expect(JSON.stringify(config.sweeping)).not.toContain(KEY.slice(4));
      expect(inspect(config, { depth: 10 })).not.toContain(KEY.slice(4));
    }
  });

  it('refuses a malformed gas key or an unreadable key file without echoing either', () => {
    const problems = [...problemsFor({ SWEEP_GAS_KEY: '0x1234' }), ...problemsFor({ SWEEP_GAS_KEY: `${KEY}00` })];

    expect(problems).toEqual([expect.stringMatching(/^SWEEP_GAS_KEY must be a hex private key/), expect.stringMatching(/^SWEEP_GAS_KEY must be a hex private key/)]);
    expect(problems.join()).not.toContain(KEY.slice(4));
    const file = join(mkdtempSync(join(tmpdir(), 'gas-key-')), 'key');
    writeFileSync(file, 'not a key');
    expect(problemsFor({ SWEEP_GAS_KEY: file })).toEqual([expect.stringMatching(/^SWEEP_GAS_KEY names a file that does not hold/)]);
    expect(problemsFor({ SWEEP_GAS_KEY: `0x${'0'.repeat(64)}` })).toEqual(['SWEEP_GAS_KEY is not a valid secp256k1 private key']);
  });

  it('reads a fee cap per network in gwei, down to a wei, and refuses zero, garbage or an unknown network', () => {
    const { sweeping } = loadConfig({ SWEEP_MAX_FEE_GWEI_BASE: '0.05', SWEEP_MAX_FEE_GWEI_BASE_SEPOLIA: '0.000000001', SWEEP_MAX_FEE_GWEI_ETHEREUM: '30' });

    expect([sweeping.maxFeeWei('base'), sweeping.maxFeeWei('base-sepolia'), sweeping.maxFeeWei('ethereum')]).toEqual([50_000_000n, 1n, 30_000_000_000n]);
    expect(problemsFor({ SWEEP_MAX_FEE_GWEI_BASE: '0', SWEEP_MAX_FEE_GWEI_ARBITRUM: '1e3', SWEEP_MAX_FEE_GWEI_MOON: '1' })).toEqual([
      'SWEEP_MAX_FEE_GWEI_MOON names no known network (known: ethereum, base, arbitrum, optimism, polygon, sepolia, base-sepolia, local)',
      'SWEEP_MAX_FEE_GWEI_BASE must be a positive number of gwei with at most 9 decimals, such as 30 or 0.05',
      'SWEEP_MAX_FEE_GWEI_ARBITRUM must be a positive number of gwei with at most 9 decimals, such as 30 or 0.05',
    ]);
  });

  it('refuses a batch size or thresholds out of range', () => {
    expect(problemsFor({ SWEEP_BATCH_SIZE: '0', SWEEP_MIN_GAS_MULTIPLE: 'x', SWEEP_MAX_AGE_HOURS: '9000' }).map((p) => p.split(' ')[0]).sort()).toEqual([
      'SWEEP_BATCH_SIZE',
      'SWEEP_MAX_AGE_HOURS',
      'SWEEP_MIN_GAS_MULTIPLE',
    ]);
  });
});
