import 'reflect-metadata';
import { loadConfig } from './app-config';
import { ConfigError, validateEnvironment } from './environment';

function problemsFor(env: NodeJS.ProcessEnv): string[] {
  try {
    validateEnvironment(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected validateEnvironment to throw a ConfigError');
}

const CHECKSUMMED = '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed';

describe('payment configuration', () => {
  it('has no networks, no payout addresses, a 24 h window and no tolerance by default', () => {
    const { payments } = loadConfig({});

    expect(payments.networks.rpcUrls.size).toBe(0);
    expect(payments.networks.settlement.size).toBe(0);
    expect(payments.payoutAddresses).toEqual({ live: undefined, test: undefined });
    expect(payments.monitoringHours).toBe(24);
    expect(payments.underpaymentTolerancePpm).toBe(0);
  });

  it('reads RPC URLs per network, several in order for failover, with - spelled _', () => {
    const { payments } = loadConfig({
      RPC_URLS_BASE: 'https://a.example/v2/key, https://b.example',
      RPC_URLS_BASE_SEPOLIA: 'http://127.0.0.1:8545',
      PAYOUT_ADDRESS_LIVE: CHECKSUMMED,
      PAYOUT_ADDRESS_TEST: CHECKSUMMED,
    });

    expect(Object.fromEntries(payments.networks.rpcUrls)).toEqual({
      base: ['https://a.example/v2/key', 'https://b.example'],
      'base-sepolia': ['http://127.0.0.1:8545'],
    });
  });

  it('requires the payout address of each mode that has a network: deposit addresses bind it', () => {
    expect(problemsFor({ RPC_URLS_BASE: 'https://a.example', RPC_URLS_ARBITRUM: 'https://b.example', RPC_URLS_SEPOLIA: 'https://c.example' })).toEqual([
      'PAYOUT_ADDRESS_LIVE is required when a live network is configured (RPC_URLS_BASE, RPC_URLS_ARBITRUM)',
      'PAYOUT_ADDRESS_TEST is required when a test network is configured (RPC_URLS_SEPOLIA)',
    ]);
    expect(() => loadConfig({ RPC_URLS_BASE: 'https://a.example', PAYOUT_ADDRESS_LIVE: CHECKSUMMED })).not.toThrow();
  });

  it('refuses a malformed RPC URL list naming the variable, never its value', () => {
    const problems = problemsFor({ RPC_URLS_ETHEREUM: 'https://ok.example/KEY123,ftp://nope.example/KEY456' });

    expect(problems).toEqual([expect.stringMatching(/^RPC_URLS_ETHEREUM must be a comma-separated list of http\(s\) URLs/)]);
    expect(problems.join()).not.toMatch(/KEY123|KEY456/);
    expect(problemsFor({ RPC_URLS_BASE: 'https://a.example,' })).toEqual([expect.stringMatching(/^RPC_URLS_BASE /)]);
  });

  it('refuses variables naming a network the catalogue does not know', () => {
    expect(problemsFor({ RPC_URLS_SOLANA: 'https://a.example' })).toEqual([expect.stringMatching(/^RPC_URLS_SOLANA names no known network/)]);
    expect(problemsFor({ SETTLEMENT_BSC: 'safe' })).toEqual([expect.stringMatching(/^SETTLEMENT_BSC names no known network/)]);
  });

  it('reads settlement overrides: finalized, safe or a number of blocks', () => {
    const { payments } = loadConfig({ SETTLEMENT_ETHEREUM: 'safe', SETTLEMENT_BASE: 'finalized', SETTLEMENT_POLYGON: '256' });

    expect(Object.fromEntries(payments.networks.settlement)).toEqual({
      ethereum: { kind: 'tag', tag: 'safe' },
      base: { kind: 'tag', tag: 'finalized' },
      polygon: { kind: 'confirmations', blocks: 256, thenFinalized: false },
    });
    for (const bad of ['latest', '0', '-1', '1.5', '10001']) {
      expect(problemsFor({ SETTLEMENT_LOCAL: bad })).toEqual(['SETTLEMENT_LOCAL must be finalized, safe or a whole number of blocks from 1 to 10000']);
    }
  });

  it('reads checksummed payout addresses and refuses zero, lower-case or wrongly checksummed ones', () => {
    const { payments } = loadConfig({ PAYOUT_ADDRESS_LIVE: CHECKSUMMED, PAYOUT_ADDRESS_TEST: CHECKSUMMED });
    expect(payments.payoutAddresses).toEqual({ live: CHECKSUMMED, test: CHECKSUMMED });

    const wrongChecksum = CHECKSUMMED.replace('a', 'A');
    for (const bad of ['0x0000000000000000000000000000000000000000', CHECKSUMMED.toLowerCase(), wrongChecksum, '0x1234', 'vitalik.eth']) {
      const problems = problemsFor({ PAYOUT_ADDRESS_LIVE: bad });
      expect(problems).toEqual([expect.stringMatching(/^PAYOUT_ADDRESS_LIVE must be a non-zero EIP-55 checksummed address/)]);
      expect(problemsFor({ PAYOUT_ADDRESS_TEST: bad })).toEqual([expect.stringMatching(/^PAYOUT_ADDRESS_TEST /)]);
    }
  });

  it('reads the monitoring window in hours and refuses anything else', () => {
    expect(loadConfig({ PAYMENT_MONITORING_HOURS: '72' }).payments.monitoringHours).toBe(72);
    for (const bad of ['0', '1.5', 'day', '8761']) {
      expect(problemsFor({ PAYMENT_MONITORING_HOURS: bad })).toEqual([expect.stringMatching(/^PAYMENT_MONITORING_HOURS must be a whole number of hours/)]);
    }
  });

  it('reads the underpayment tolerance as an exact fraction in parts per million', () => {
    expect(loadConfig({ UNDERPAYMENT_TOLERANCE: '0.01' }).payments.underpaymentTolerancePpm).toBe(10_000);
    expect(loadConfig({ UNDERPAYMENT_TOLERANCE: '0.000001' }).payments.underpaymentTolerancePpm).toBe(1);
    expect(loadConfig({ UNDERPAYMENT_TOLERANCE: '0' }).payments.underpaymentTolerancePpm).toBe(0);
    for (const bad of ['1', '0.0000001', '-0.1', '1%', '.5', '5 USDC']) {
      expect(problemsFor({ UNDERPAYMENT_TOLERANCE: bad })).toEqual([expect.stringMatching(/^UNDERPAYMENT_TOLERANCE must be a fraction of the amount/)]);
    }
  });
});
