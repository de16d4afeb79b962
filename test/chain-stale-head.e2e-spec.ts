import request from 'supertest';
import { provisionDevChain } from '../src/chains/local-chain/provision';
import { Anvil } from './support/anvil';
import { anvilClient } from './support/chain-payments';
import { PAYOUT_TEST } from './support/chains';
import { createTestApp, type TestApp } from './support/test-app';
import { waitUntil } from './support/wait-until';

/** The stale-head alarm of the chain watcher (issue 12 §4) on an Anvil that mines only when told to. */
describe('the stale-head alarm', () => {
  let anvil: Anvil;
  let testApp: TestApp;

  beforeAll(async () => {
    // Automining only: no transactions, no blocks.
    anvil = await Anvil.start();
    await provisionDevChain(anvil.rpcUrl, 'local');
    testApp = await createTestApp({ ownDatabase: true, env: { PAYOUT_ADDRESS_TEST: PAYOUT_TEST, RPC_URLS_LOCAL: anvil.rpcUrl } });
  }, 30_000);
  afterAll(async () => {
    await testApp?.close();
    await anvil?.stop();
  });

  it('warns and reports stale after 3 block times without a new head, and clears when blocks come again', async () => {
    const local = async () => ((await request(testApp.app.getHttpServer()).get('/healthz/chains').expect(200)).body.data as { network: string; processedBlock: number | null; stale: boolean }[]).find((s) => s.network === 'local')!;
    const warned = () => testApp.logs.lines.some((line) => line.level === 40 && String(line.msg).startsWith('local: the head has not advanced'));
    await waitUntil(async () => (await local()).processedBlock !== null, { timeoutMs: 10_000 });
    expect(await local()).toMatchObject({ stale: false });
    expect(warned()).toBe(false);

    // Local blocks come every second: stale after 3 s without one.
    await waitUntil(async () => (await local()).stale, { timeoutMs: 6_000, intervalMs: 100 });
    await waitUntil(warned, { timeoutMs: 2_000 });

    await anvilClient(anvil.rpcUrl).mine({ blocks: 1 });
    await waitUntil(async () => !(await local()).stale, { timeoutMs: 3_000, intervalMs: 50 });
    await waitUntil(() => testApp.logs.lines.some((line) => String(line.msg).startsWith('local: the head advances again')), { timeoutMs: 2_000 });
  });
});
