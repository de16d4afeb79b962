import { DataSource } from 'typeorm';
import { erc20Abi, getAddress, type Address } from 'viem';
import { LOCAL_TOKENS } from '../src/chains/local-chain/local-tokens';
import { provisionDevChain } from '../src/chains/local-chain/provision';
import { createScratchDatabase, dropDatabase } from '../src/database/scratch-database';
import { apiAs, ApiClient } from './support/api-client';
import { Anvil } from './support/anvil';
import { anvilClient, PoolingFaucet, usdc, type AnvilClient } from './support/chain-payments';
import { createKey } from './factories/api-keys';
import { createTestApp, TestApp } from './support/test-app';
import { testEnv } from './setup/test-env';
import { waitUntil } from './support/wait-until';

/**
 * Issue 14 §6: two instances with the same gas key share one database and chain; the payout
 * address is changed between them (the second instance starts with a new PAYOUT_ADDRESS_TEST, as
 * a redeploy would). One sweeper leads; no address is swept twice; each session's funds reach the
 * payout bound into its own deposit address, the old one for sessions made before the change.
 */
const USDC = LOCAL_TOKENS.find((token) => token.currency === 'USDC')!.address;
const GAS_KEY = '0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a';
const OLD_PAYOUT = getAddress('0x5555555555555555555555555555555555555555');
const NEW_PAYOUT = getAddress('0x6666666666666666666666666666666666666666');

describe('sweeps with two instances and a payout change (issue 14 §6)', () => {
  let chain: Anvil;
  let client: AnvilClient;
  let databaseUrl: string;
  const apps: TestApp[] = [];

  const start = async (payout: Address): Promise<{ app: TestApp; api: ApiClient }> => {
    const app = await createTestApp({
      databaseUrl,
      env: { PAYOUT_ADDRESS_TEST: payout, RPC_URLS_LOCAL: chain.rpcUrl, SETTLEMENT_LOCAL: '1', SWEEP_GAS_KEY: GAS_KEY, SWEEP_MIN_GAS_MULTIPLE: '1', SWEEP_BATCH_SIZE: '4' },
    });
    apps.push(app);
    return { app, api: apiAs(app.app, await createKey(app.app, { mode: 'test', scopes: ['sessions:write'] })) };
  };
  const balanceOf = (holder: Address) => client.readContract({ address: USDC, abi: erc20Abi, functionName: 'balanceOf', args: [holder] });

  beforeAll(async () => {
    chain = await Anvil.start();
    await provisionDevChain(chain.rpcUrl, 'local');
    client = anvilClient(chain.rpcUrl);
    databaseUrl = await createScratchDatabase(testEnv('serverUrl'), 'sweeps');
  }, 60_000);

  afterAll(async () => {
    await Promise.all(apps.map((app) => app.close()));
    await chain?.stop();
    if (databaseUrl) await dropDatabase(testEnv('serverUrl'), databaseUrl);
  });

  it('sends each address one sweep, from one leader, to the payout bound when its session was made', async () => {
    const first = await start(OLD_PAYOUT);
    const before = [];
    for (let i = 1; i <= 5; i += 1) before.push((await first.api.post('/api/v1/checkout_sessions', { amount: String(i), currency: 'USDC' }).expect(201)).body);
    const second = await start(NEW_PAYOUT);
    const after = [];
    for (let i = 6; i <= 10; i += 1) after.push((await second.api.post('/api/v1/checkout_sessions', { amount: String(i), currency: 'USDC' }).expect(201)).body);

    const faucet = await PoolingFaucet.on(client);
    for (const [i, session] of [...before, ...after].entries()) await faucet.sendToken(USDC, session.depositAddress, usdc(String(i + 1)));
    await faucet.mine();
    const dataSource = first.app.app.get(DataSource);
    // Ten addresses in batches of four: three sweeps, whichever instance leads.
    await waitUntil(
      async () => {
        const [{ swept }] = (await dataSource.query(`SELECT count(*)::int AS swept FROM payments WHERE sweep_id IS NOT NULL`)) as { swept: number }[];
        if (swept === 10) return true;
        await client.mine({ blocks: 1 });
        return false;
      },
      { timeoutMs: 30_000, intervalMs: 250 },
    );

    expect(await balanceOf(OLD_PAYOUT)).toBe(usdc('15'));
    expect(await balanceOf(NEW_PAYOUT)).toBe(usdc('40'));
    const perAddress = (await dataSource.query(
      `SELECT i.deposit_address, count(DISTINCT s.id)::int AS sweeps FROM sweep_items i JOIN sweeps s ON s.id = i.sweep_id WHERE s.initiator = 'service' GROUP BY 1`,
    )) as { sweeps: number }[];
    expect(perAddress).toHaveLength(10);
    expect(perAddress.every((row) => row.sweeps === 1)).toBe(true);
    const statuses = (await dataSource.query(`SELECT status, count(*)::int AS n FROM sweeps GROUP BY 1`)) as object[];
    expect(statuses).toEqual([{ status: 'mined', n: 3 }]);
    const leaders = apps.filter((app) => app.logs.lines.some((line) => line.msg === 'sweeping local (this instance leads it)'));
    expect(leaders).toHaveLength(1);
  }, 60_000);
});
