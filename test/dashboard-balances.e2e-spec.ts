import request from 'supertest';
import { DataSource } from 'typeorm';
import { getAddress } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { provisionDevChain } from '../src/chains/local-chain/provision';
import { adminCookie } from './factories/admins';
import { createKey } from './factories/api-keys';
import { CollectedFunds, insertSweep, seedCollectedFunds } from './factories/sweeps';
import { apiAs } from './support/api-client';
import { Anvil } from './support/anvil';
import { createTestApp, TestApp } from './support/test-app';

/** Anvil's dev account #4: it has 10,000 ETH on a fresh chain. */
const GAS_KEY = '0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a';
const GAS_ACCOUNT = privateKeyToAccount(GAS_KEY).address;
const PAYOUT = getAddress('0x3333333333333333333333333333333333333333');
const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/** The numbers of one network's currency row on the page. */
function amountsOf(page: string, network: string, currency: string): { received: string; swept: string; waiting: string } | undefined {
  const group = new RegExp(`<span class="network">${network}</span>[\\s\\S]*?</tbody>`).exec(page)?.[0] ?? '';
  const row = new RegExp(
    `data-label="Currency">${currency}</th>\\s*<td data-label="Received" class="amount">([^<]*)</td>\\s*<td data-label="Swept" class="amount">([^<]*)</td>\\s*<td data-label="Waiting" class="amount[^"]*">([^<]*)</td>`,
  ).exec(group);
  return row ? { received: row[1], swept: row[2], waiting: row[3] } : undefined;
}

/** The row of one sweep in "Recent sweeps". */
const sweepRowOf = (page: string, id: string) => new RegExp(`<tr data-sweep-id="${id}">[\\s\\S]*?</tr>`).exec(page)?.[0] ?? '';

/**
 * Issue 14 §4, the dashboard's Balances page: the admin API's numbers and "sweep now" as a page
 * and a form. Funds are rows on networks this machine does not enable (base, sepolia), so no
 * sweeper moves them; the local chain is real (Anvil), for the gas key's balance and sweep now.
 */
describe('dashboard: Balances (issue 14 §4)', () => {
  let chain: Anvil;
  const http = (app: TestApp) => request(app.app.getHttpServer());
  const dataSource = (app: TestApp) => app.app.get(DataSource);
  const sweepRequests = async (app: TestApp) => (await dataSource(app).query('SELECT network FROM sweep_requests ORDER BY network')) as { network: string }[];
  const sweepNow = (app: TestApp, cookie: string, network: string) => http(app).post('/dashboard/balances').set('Cookie', cookie).type('form').send({ network });
  const localChainEnv = () => ({ PAYOUT_ADDRESS_TEST: PAYOUT, RPC_URLS_LOCAL: chain.rpcUrl });

  beforeAll(async () => {
    chain = await Anvil.start();
    await provisionDevChain(chain.rpcUrl, 'local');
  }, 30_000);
  afterAll(async () => {
    await chain?.stop();
  });

  // One app at a time: apps in one process share the transaction host's static instance.
  describe('with SWEEP_GAS_KEY set', () => {
    let withGasKey: TestApp;
    let funds: CollectedFunds;

    beforeAll(async () => {
      withGasKey = await createTestApp({ ownDatabase: true, env: { ...localChainEnv(), SWEEP_GAS_KEY: GAS_KEY } });
      const api = apiAs(withGasKey.app, await createKey(withGasKey.app, { scopes: ['sessions:write'] }));
      const template = (await api.post('/api/v1/checkout_sessions', { amount: '1', currency: 'USDC' }).expect(201)).body.id as string;
      funds = await seedCollectedFunds(dataSource(withGasKey), template);
    }, 60_000);
    afterAll(async () => {
      await withGasKey?.close();
    });

    beforeEach(async () => {
      await dataSource(withGasKey).query('DELETE FROM sweep_requests');
    });

  it('sends a signed-out visit to sign in and back, and takes no sweep request without a session', async () => {
    const visit = await http(withGasKey).get('/dashboard/balances').expect(303);
    expect(visit.headers.location).toBe('/dashboard?next=%2Fdashboard%2Fbalances');
    const post = await http(withGasKey).post('/dashboard/balances').type('form').send({ network: 'local' }).expect(303);
    expect(post.headers.location).toBe('/dashboard?next=%2Fdashboard%2Fbalances');
    expect(await sweepRequests(withGasKey)).toEqual([]);
  });

  it('shows received, swept and waiting per network and currency, live first, the same numbers as GET /admin/balances', async () => {
    const cookie = await adminCookie(withGasKey.app);
    const page = await http(withGasKey).get('/dashboard/balances').set('Cookie', cookie).expect(200);
    expect(page.headers['content-security-policy']).toBe(CSP);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.text).not.toMatch(/<script>|<style|style="|on(click|load|submit)=/i);

    expect(amountsOf(page.text, 'Base', 'ETH')).toEqual({ received: '1.5', swept: '1.5', waiting: '0' });
    // The unconfirmed 3 USDC is in none of them.
    expect(amountsOf(page.text, 'Base', 'USDC')).toEqual({ received: '1250.5', swept: '1200', waiting: '50.5' });
    expect(amountsOf(page.text, 'Sepolia', 'USDC')).toEqual({ received: '10', swept: '10', waiting: '0' });
    expect(amountsOf(page.text, 'Sepolia', 'ETH')).toEqual({ received: '0.25', swept: '0', waiting: '0.25' });
    expect(amountsOf(page.text, 'Local dev chain', 'USDT')).toEqual({ received: '0', swept: '0', waiting: '0' });
    const [live, test] = [page.text.indexOf('id="live-heading"'), page.text.indexOf('id="test-heading"')];
    expect(live).toBeGreaterThan(0);
    expect(page.text.indexOf('<span class="network">Base</span>')).toBeGreaterThan(live);
    expect(page.text.indexOf('<span class="network">Base</span>')).toBeLessThan(test);
    expect(page.text.indexOf('<span class="network">Sepolia</span>')).toBeGreaterThan(test);

    const api = (await http(withGasKey).get('/admin/balances').set('Cookie', cookie).expect(200)).body as { data: { network: string; currency: string; received: string; swept: string; waiting: string }[] };
    for (const row of api.data) {
      const label = { base: 'Base', sepolia: 'Sepolia', local: 'Local dev chain' }[row.network]!;
      expect(amountsOf(page.text, label, row.currency)).toEqual({ received: row.received, swept: row.swept, waiting: row.waiting });
    }
  });

  it('links each network\'s last sweep to its explorer, or shows its hash where the catalogue has no explorer', async () => {
    const page = (await http(withGasKey).get('/dashboard/balances').set('Cookie', await adminCookie(withGasKey.app)).expect(200)).text;
    const { baseSweep, sepoliaSweep } = funds;
    const baseGroup = /<span class="network">Base<\/span>[^\n]*/.exec(page)![0];
    expect(baseGroup).toContain(`Last sweep <a href="https://basescan.org/tx/${baseSweep.txHash}" rel="noreferrer" title="${baseSweep.txHash}">`);
    expect(page).toContain(`href="https://sepolia.etherscan.io/tx/${sepoliaSweep.txHash}"`);
    expect(/<span class="network">Local dev chain<\/span>[^\n]*/.exec(page)![0]).toContain('No sweep yet');

    // A sweep on the local chain (no explorer): the shortened hash, the whole one in its title.
    const local = await insertSweep(dataSource(withGasKey), { network: 'local', initiator: 'other' });
    const after = (await http(withGasKey).get('/dashboard/balances').set('Cookie', await adminCookie(withGasKey.app)).expect(200)).text;
    expect(/<span class="network">Local dev chain<\/span>[^\n]*/.exec(after)![0]).toContain(`Last sweep <code title="${local.txHash}">${local.txHash.slice(0, 6)}…${local.txHash.slice(-4)}</code>`);
    await dataSource(withGasKey).query('DELETE FROM sweeps WHERE id = $1', [local.id]);
  });

  it('lists recent sweeps: network, mode, initiator, status, transaction, addresses, amounts, fee and when mined', async () => {
    const page = (await http(withGasKey).get('/dashboard/balances').set('Cookie', await adminCookie(withGasKey.app)).expect(200)).text;
    const base = sweepRowOf(page, funds.baseSweep.id);
    expect(base).toContain('Base <span class="badge badge-live">live</span>');
    expect(base).toContain('<td data-label="Initiator">service</td>');
    expect(base).toContain('<span class="status status-mined">mined</span>');
    expect(base).toContain(`href="https://basescan.org/tx/${funds.baseSweep.txHash}"`);
    expect(base).toContain('<summary>1 address</summary>');
    expect(base).toContain(`<code title="${funds.baseDeposit}">${funds.baseDeposit.slice(0, 6)}…${funds.baseDeposit.slice(-4)}</code> 1.5 ETH, 1200 USDC`);
    expect(base).toContain('<span class="line">1.5 ETH</span><span class="line">1200 USDC</span>');
    expect(base).toContain('<td data-label="Fee" class="amount">0.000162 ETH</td>');
    expect(base).toContain(`<time datetime="${funds.baseSweep.minedAt!.toISOString()}">`);
    const sepolia = sweepRowOf(page, funds.sepoliaSweep.id);
    expect(sepolia).toContain('<td data-label="Initiator">other</td>');
    expect(sepolia).toContain('Sepolia <span class="badge badge-test">test</span>');
    expect(sepolia).toContain('0.000021 ETH');
  });

  it('shows 20 sweeps, newest first, with a link to the older ones', async () => {
    const db = dataSource(withGasKey);
    const extra = [];
    for (let index = 0; index < 20; index += 1) extra.push(await insertSweep(db, { network: 'sepolia', initiator: 'other' }));
    try {
      const cookie = await adminCookie(withGasKey.app);
      const first = (await http(withGasKey).get('/dashboard/balances').set('Cookie', cookie).expect(200)).text;
      expect(first.match(/<tr data-sweep-id=/g)).toHaveLength(20);
      expect(sweepRowOf(first, extra[19].id)).not.toBe('');
      expect(sweepRowOf(first, funds.baseSweep.id)).toBe('');
      const older = /href="(\/dashboard\/balances\?startingAfter=sweep_[0-9a-z]+)#sweeps-heading"/.exec(first);
      expect(older).not.toBeNull();
      const second = (await http(withGasKey).get(older![1]).set('Cookie', cookie).expect(200)).text;
      expect(sweepRowOf(second, funds.baseSweep.id)).not.toBe('');
      expect(sweepRowOf(second, extra[19].id)).toBe('');
      const wrong = await http(withGasKey).get('/dashboard/balances?startingAfter=key_nope').set('Cookie', cookie).expect(400);
      expect(wrong.headers['content-type']).toMatch(/^text\/html/);
    } finally {
      await db.query('DELETE FROM sweeps WHERE id = ANY($1)', [extra.map((sweep) => sweep.id)]);
    }
  });

  it('escapes what it shows from the records', async () => {
    const db = dataSource(withGasKey);
    const planted = await insertSweep(db, { network: 'base', initiator: 'other', txHash: '<img src=x onerror=alert(1)>"' });
    try {
      const page = (await http(withGasKey).get('/dashboard/balances').set('Cookie', await adminCookie(withGasKey.app)).expect(200)).text;
      expect(page).not.toContain('<img src=x');
      expect(page).toContain('href="https://basescan.org/tx/&lt;img src=x onerror=alert(1)&gt;&quot;"');
    } finally {
      await db.query('DELETE FROM sweeps WHERE id = $1', [planted.id]);
    }
  });

  it('shows the gas key\'s address and balance per enabled network, with a Sweep now form for each', async () => {
    const page = (await http(withGasKey).get('/dashboard/balances').set('Cookie', await adminCookie(withGasKey.app)).expect(200)).text;
    expect(page).toContain(`<code class="address">${GAS_ACCOUNT}</code>`);
    expect(page).toMatch(/<th scope="row" data-label="Network">Local dev chain<\/th>\s*<td data-label="Balance" class="amount">10000 ETH<\/td>/);
    expect(page).not.toContain('Automatic sweeps are off');
    expect(page.match(/<form method="post" action="\/dashboard\/balances"/g)).toHaveLength(1);
    expect(page).toContain('<input type="hidden" name="network" value="local">');
    expect(page).toContain('<button type="submit">Sweep now<span class="sr-only"> on Local dev chain</span></button>');
  });

  it('Sweep now records a sweep request, as POST /admin/sweeps does, and comes back with a notice', async () => {
    const cookie = await adminCookie(withGasKey.app);
    const posted = await sweepNow(withGasKey, cookie, 'local').expect(303);
    expect(posted.headers.location).toBe('/dashboard/balances?requested=local');
    expect(await sweepRequests(withGasKey)).toEqual([{ network: 'local' }]);
    const page = (await http(withGasKey).get(posted.headers.location).set('Cookie', cookie).expect(200)).text;
    expect(page).toContain('<p class="notice" role="status">Sweep requested on Local dev chain: the sweeper sends it at its next round.</p>');
    expect((await http(withGasKey).get('/dashboard/balances?requested=%3Cb%3E').set('Cookie', cookie).expect(200)).text).not.toContain('class="notice"');
  });

  it.each([
    ['a network not enabled here', 'base', 400, 'Network base is not enabled on this service.'],
    ['an unknown network', 'mainnet', 400, 'network'],
    ['no network', '', 400, 'network'],
  ])('refuses %s with an error page and records nothing', async (_case, network, status, message) => {
    const response = await sweepNow(withGasKey, await adminCookie(withGasKey.app), network).expect(status);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.text).toContain('<p role="alert">');
    expect(response.text).toContain(message);
    expect(await sweepRequests(withGasKey)).toEqual([]);
  });

  it.each([
    ['Origin', 'https://evil.example'],
    ['Sec-Fetch-Site', 'cross-site'],
    ['Sec-Fetch-Site', 'same-site'],
  ])('refuses a Sweep now with %s: %s and records nothing', async (header, value) => {
    const response = await sweepNow(withGasKey, await adminCookie(withGasKey.app), 'local').set(header, value).expect(403);
    expect(response.text).toContain('State-changing requests must come from this site.');
    expect(await sweepRequests(withGasKey)).toEqual([]);
  });

  it('is in the dashboard\'s navigation, marked as the current page', async () => {
    const cookie = await adminCookie(withGasKey.app);
    const keys = (await http(withGasKey).get('/dashboard/api-keys').set('Cookie', cookie).expect(200)).text;
    expect(keys).toContain('<nav aria-label="Dashboard"><a href="/dashboard/api-keys" aria-current="page">API keys</a><a href="/dashboard/balances">Balances</a></nav>');
    const balances = (await http(withGasKey).get('/dashboard/balances').set('Cookie', cookie).expect(200)).text;
    expect(balances).toContain('<a href="/dashboard/balances" aria-current="page">Balances</a>');
  });
  });

  describe('without SWEEP_GAS_KEY', () => {
    let withoutGasKey: TestApp;

    beforeAll(async () => {
      withoutGasKey = await createTestApp({ ownDatabase: true, env: localChainEnv() });
    }, 60_000);
    afterAll(async () => {
      await withoutGasKey?.close();
    });

  it('without SWEEP_GAS_KEY: says automatic sweeps are off and that the CLI can sweep, offers no Sweep now, and refuses one', async () => {
    const cookie = await adminCookie(withoutGasKey.app);
    const page = (await http(withoutGasKey).get('/dashboard/balances').set('Cookie', cookie).expect(200)).text;
    expect(page).toContain('<p class="alert">Automatic sweeps are off: SWEEP_GAS_KEY is not set.</p>');
    expect(page).toContain('<code>npm run cli -- sweep --network base</code>');
    expect(page).not.toContain('Sweep now');
    expect(page).toContain('No sweeps yet.');
    const refused = await sweepNow(withoutGasKey, cookie, 'local').expect(409);
    expect(refused.text).toContain('Automatic sweeps are off: set SWEEP_GAS_KEY');
    expect(await sweepRequests(withoutGasKey)).toEqual([]);
  });
  });
});
