import { NetworkRegistry } from '../src/chains/network-registry';
import { Anvil } from './support/anvil';
import { deployFactory, PAYOUT_LIVE, PAYOUT_TEST } from './support/chains';
import { freePort } from './support/free-port';
import { createTestApp, type TestApp } from './support/test-app';

let local: Anvil;
let baseChain: Anvil;
let baseSepoliaWithoutFactory: Anvil;
let testApp: TestApp;
let deadUrl: string;

beforeAll(async () => {
  [local, baseChain, baseSepoliaWithoutFactory] = await Promise.all([
    Anvil.start(),
    Anvil.start(['--chain-id', '8453']),
    Anvil.start(['--chain-id', '84532']),
  ]);
  await Promise.all([deployFactory(local), deployFactory(baseChain)]);
  // A port nothing listens on: connections are refused at once.
  deadUrl = `http://127.0.0.1:${await freePort()}`;
  testApp = await createTestApp({
    ownDatabase: true,
    env: {
      PAYOUT_ADDRESS_LIVE: PAYOUT_LIVE,
      PAYOUT_ADDRESS_TEST: PAYOUT_TEST,
      RPC_URLS_LOCAL: local.rpcUrl,
      // The same chain as `local` (31337), configured as sepolia: the wrong chain.
      RPC_URLS_SEPOLIA: `${local.rpcUrl}/?apikey=SEPOLIA-SECRET-KEY`,
      // The first URL is dead, the second answers: failover.
      RPC_URLS_BASE: `${deadUrl}/v2/BASE-SECRET-KEY,${baseChain.rpcUrl}`,
      RPC_URLS_BASE_SEPOLIA: baseSepoliaWithoutFactory.rpcUrl,
      RPC_URLS_ETHEREUM: `https://user:ETHEREUM-PASSWORD@${deadUrl.slice('http://'.length)}/ETHEREUM-SECRET-KEY`,
    },
  });
}, 30_000);

afterAll(async () => {
  await testApp?.close();
  await Promise.all([local, baseChain, baseSepoliaWithoutFactory].map((anvil) => anvil?.stop()));
});

function networkLogLines(): string[] {
  return testApp.logs.lines.map((line) => String(line.msg)).filter((msg) => msg.startsWith('network '));
}

describe('networks checked at start', () => {
  it('enables a network whose chain id matches and which has the factory', () => {
    const registry = testApp.app.get(NetworkRegistry);
    expect(registry.isEnabled('local')).toBe(true);
    expect(registry.enabled('test').map((network) => network.name)).toEqual(['local']);
  });

  it('fails over to the second URL when the first is dead', () => {
    const registry = testApp.app.get(NetworkRegistry);
    expect(registry.enabled('live').map((network) => network.name)).toEqual(['base']);
  });

  it('disables a network whose RPC answers another chain id, with one log line', () => {
    expect(testApp.app.get(NetworkRegistry).isEnabled('sepolia')).toBe(false);
    expect(networkLogLines().filter((msg) => msg.startsWith('network sepolia'))).toEqual([
      expect.stringMatching(/^network sepolia disabled: the RPC answers chain id 31337, the catalogue says 11155111 \(RPC http:\/\/127\.0\.0\.1:\d+\/…\)$/),
    ]);
  });

  it('disables a network where the factory is not deployed', () => {
    expect(testApp.app.get(NetworkRegistry).isEnabled('base-sepolia')).toBe(false);
    expect(networkLogLines().filter((msg) => msg.startsWith('network base-sepolia'))).toEqual([
      expect.stringMatching(/^network base-sepolia disabled: the deposit factory is not deployed at 0x[0-9a-fA-F]{40} /),
    ]);
  });

  it('disables a network none of whose URLs answer, without failing the start', () => {
    expect(testApp.app.get(NetworkRegistry).isEnabled('ethereum')).toBe(false);
    expect(networkLogLines().filter((msg) => msg.startsWith('network ethereum'))).toEqual([
      expect.stringMatching(/^network ethereum disabled: no RPC URL answered/),
    ]);
  });

  it('never logs the secrets RPC URLs carry in their path, query or user info', () => {
    const everything = testApp.logs.raw.join('\n');
    expect(networkLogLines().length).toBeGreaterThanOrEqual(5);
    for (const secret of ['SEPOLIA-SECRET-KEY', 'BASE-SECRET-KEY', 'ETHEREUM-SECRET-KEY', 'ETHEREUM-PASSWORD', 'apikey']) {
      expect(everything).not.toContain(secret);
    }
  });
});
