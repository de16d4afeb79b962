import request from 'supertest';
import { DataSource } from 'typeorm';
import { createTestClient, http, type Address } from 'viem';
import { DevFaucet } from '../src/chains/local-chain/faucet';
import { LOCAL_TOKENS } from '../src/chains/local-chain/local-tokens';
import { provisionDevChain } from '../src/chains/local-chain/provision';
import { NETWORKS } from '../src/chains/networks';
import { newId } from '../src/common/ids/type-id';
import { SessionSweeper } from '../src/sessions/session-sweeper';
import { apiAs, ApiClient } from './support/api-client';
import { Anvil } from './support/anvil';
import { PAYOUT_LIVE, PAYOUT_TEST, startChainAs } from './support/chains';
import { createKey } from './factories/api-keys';
import { decodeQrSvg } from './support/qr-decode';
import { usdc } from './support/chain-payments';
import { createTestApp, TestApp } from './support/test-app';
import { waitUntil } from './support/wait-until';

const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
const MERCHANT = `Acme <script>alert("x")</script> & Co`;
const MERCHANT_ESCAPED = 'Acme &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co';
const USDC_LOCAL = LOCAL_TOKENS.find((token) => token.currency === 'USDC')!.address;
const USDT_LOCAL = LOCAL_TOKENS.find((token) => token.currency === 'USDT')!.address;
const USDC_BASE_SEPOLIA = NETWORKS['base-sepolia'].tokens[0].address;

interface Session {
  id: string;
  url: string;
  status: string;
  depositAddress: Address;
  amountReceived: string;
  amountPending: string;
}

/** The page's path (with its secret) from a session's `url`. */
const pathOf = (session: { url: string }) => {
  const url = new URL(session.url);
  return `${url.pathname}${url.search}`;
};

function expectPageHeaders(response: request.Response): void {
  expect(response.headers['content-security-policy']).toBe(CSP);
  expect(response.headers['referrer-policy']).toBe('no-referrer');
  expect(response.headers['x-frame-options']).toBe('DENY');
  expect(response.headers['x-content-type-options']).toBe('nosniff');
  expect(response.headers['cache-control']).toBe('no-store');
}

/** The first QR code of a page, decoded. */
const qrOf = (page: string) => decodeQrSvg(/<svg class="qr"[\s\S]*?<\/svg>/.exec(page)?.[0] ?? '');

/**
 * The hosted checkout page (DESIGN.md §14) against real chains: the local dev chain and an Anvil
 * as base-sepolia (three blocks to settle, so a payment stays "seen" until the test mines), and
 * an Anvil as base for live sessions.
 */
describe('checkout page (DESIGN.md §14)', () => {
  let local: Anvil;
  let baseSepolia: Anvil;
  let base: Anvil;
  let testApp: TestApp;
  let web: ReturnType<typeof request>;
  let test: ApiClient;
  let live: ApiClient;
  let faucet: DevFaucet;
  let baseSepoliaFaucet: DevFaucet;

  const open = async (api: ApiClient, fields: object = {}): Promise<Session> =>
    (await api.post('/api/v1/checkout_sessions', { amount: '10', currency: 'USDC', successUrl: 'https://shop.example/thanks', cancelUrl: 'https://shop.example/cart', ...fields }).expect(201))
      .body;
  const read = async (id: string): Promise<Session> => (await test.get(`/api/v1/checkout_sessions/${id}`).expect(200)).body;
  const until = async (id: string, check: (session: Session) => boolean) => waitUntil(async () => check(await read(id)), { timeoutMs: 15_000, intervalMs: 100 });
  const page = async (path: string) => {
    const response = await web.get(path);
    expectPageHeaders(response);
    return response;
  };

  beforeAll(async () => {
    [local, baseSepolia, base] = await Promise.all([Anvil.start(), Anvil.start(['--chain-id', '84532']), startChainAs(8453)]);
    await Promise.all([provisionDevChain(local.rpcUrl, 'local'), provisionDevChain(baseSepolia.rpcUrl, 'base-sepolia')]);
    faucet = new DevFaucet(local.rpcUrl, 'local');
    baseSepoliaFaucet = new DevFaucet(baseSepolia.rpcUrl, 'base-sepolia');
    testApp = await createTestApp({
      ownDatabase: true,
      env: {
        MERCHANT_NAME: MERCHANT,
        PAYOUT_ADDRESS_TEST: PAYOUT_TEST,
        PAYOUT_ADDRESS_LIVE: PAYOUT_LIVE,
        RPC_URLS_LOCAL: local.rpcUrl,
        RPC_URLS_BASE_SEPOLIA: baseSepolia.rpcUrl,
        RPC_URLS_BASE: base.rpcUrl,
        SETTLEMENT_BASE_SEPOLIA: '3',
      },
    });
    web = request(testApp.app.getHttpServer());
    const scopes = ['sessions:read', 'sessions:write', 'customers:write', 'events:read'] as const;
    test = apiAs(testApp.app, await createKey(testApp.app, { mode: 'test', scopes: [...scopes] }));
    live = apiAs(testApp.app, await createKey(testApp.app, { mode: 'live', scopes: [...scopes] }));
  }, 60_000);

  afterAll(async () => {
    await testApp?.close();
    await Promise.all([local?.stop(), baseSepolia?.stop(), base?.stop()]);
  });

  it("serves the session's page at its url: merchant, amount, networks, deposit address and a QR code of the exact EIP-681 transfer", async () => {
    const session = await open(test);
    expect(session.url).toMatch(new RegExp(`^http://localhost:3000/checkout/${session.id}\\?s=[A-Za-z0-9_-]{43}$`));
    // The same URL every time the API shows the session.
    expect((await read(session.id)).url).toBe(session.url);
    const response = await page(pathOf(session));
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    const html = response.text;
    expect(html).toContain('TEST MODE');
    expect(html).toContain(MERCHANT_ESCAPED);
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('<h1 id="heading">Pay 10 USDC</h1>');
    expect(html).toContain('Waiting for your payment.');
    expect(html).toMatch(/Time left: <time class="countdown" datetime="[^"]+">(59 min|1 h)<\/time>/);
    expect(html).toContain(`readonly rows="2" spellcheck="false" autocomplete="off">${session.depositAddress}</textarea>`);
    expect(html).toMatch(/<option value="base-sepolia" selected>Base Sepolia<\/option>\s*<option value="local">Local dev chain<\/option>/);
    expect(qrOf(html)).toBe(`ethereum:0x036CbD53842c5426634e7929541eC2318f3dCF7e@84532/transfer?address=${session.depositAddress}&uint256=10000000`);
    // Another network: the same address, its own chain and token.
    const onLocal = (await page(`${pathOf(session)}&network=local`)).text;
    expect(qrOf(onLocal)).toBe(`ethereum:${USDC_LOCAL}@31337/transfer?address=${session.depositAddress}&uint256=10000000`);
    expect(onLocal).toContain(`href="https://shop.example/cart">Cancel and return to ${MERCHANT_ESCAPED}</a>`);
  });

  it('asks for ETH by value in wei, never with an exponent', async () => {
    const session = await open(test, { amount: '0.015', currency: 'ETH', network: 'local' });
    expect(qrOf((await page(pathOf(session))).text)).toBe(`ethereum:${session.depositAddress}@31337?value=15000000000000000`);
  });

  it('opens only with its own secret: the id alone, a wrong secret, another session’s secret or an unknown id get the same 404 page', async () => {
    const [session, other] = await Promise.all([open(test), open(test)]);
    const secret = new URL(session.url).searchParams.get('s')!;
    const otherSecret = new URL(other.url).searchParams.get('s')!;
    const refused = [
      `/checkout/${session.id}`,
      `/checkout/${session.id}?s=`,
      `/checkout/${session.id}?s=${otherSecret}`,
      `/checkout/${session.id}?s=${secret.slice(0, -1)}${secret.endsWith('A') ? 'B' : 'A'}`,
      `/checkout/${session.id}?s=${secret}x`,
      `/checkout/${session.id}?s=${secret}&s=${secret}`,
      `/checkout/${newId('cs')}?s=${secret}`,
      `/checkout/not-an-id?s=${secret}`,
      `/checkout/${session.id}/status`,
      `/checkout/${session.id}/status?s=${otherSecret}`,
    ];
    const bodies = new Set<string>();
    for (const path of refused) {
      const response = await page(path);
      expect({ path, status: response.status }).toEqual({ path, status: 404 });
      bodies.add(response.text);
    }
    expect(bodies.size).toBe(1);
    const [notFound] = bodies;
    expect(notFound).toContain('Page not found');
    expect(notFound).not.toContain(session.id);
  });

  it('shows nothing of the customer, the metadata or an API key, on the page or in its live status', async () => {
    const customer = (await test.post('/api/v1/customers', { email: 'payer-private@example.com', name: 'Private Payer' }).expect(201)).body;
    const session = await open(test, { customer: customer.id, metadata: { orderNote: 'metadata-private-note' } });
    const html = (await page(pathOf(session))).text;
    const status = (await page(pathOf(session).replace('?', '/status?'))).text;
    for (const text of [html, status]) {
      for (const hidden of ['payer-private@example.com', 'Private Payer', customer.id, 'metadata-private-note', 'orderNote']) expect(text).not.toContain(hidden);
      expect(text).not.toMatch(/ck_(test|live)_/);
    }
  });

  it('answers its live status with what the page shows and nothing more', async () => {
    const session = await open(test, { network: 'local' });
    const response = await page(pathOf(session).replace('?', '/status?'));
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      state: 'awaiting',
      revision: 'awaiting:0:0',
      amount: '10',
      currency: 'USDC',
      amountDue: '10',
      amountReceived: '0',
      amountPending: '0',
      expiresAt: expect.any(String),
      payments: [],
    });
  });

  it('shows a payment seen with its confirmations, then paid with the way back to the shop', async () => {
    const session = await open(test, { network: 'base-sepolia' });
    const txHash = await baseSepoliaFaucet.pay(session.depositAddress, { kind: 'token', address: USDC_BASE_SEPOLIA }, usdc('10'));
    await until(session.id, (s) => s.amountPending === '10');
    const seen = (await page(pathOf(session))).text;
    expect(seen).toContain('<h1 id="heading">Payment seen</h1>');
    expect(seen).toMatch(/<li data-tx="0x[0-9a-f]{64}"><strong>10 USDC<\/strong> on Base Sepolia: <span class="progress">1 of 3 confirmations<\/span>/);
    expect(seen).toContain(txHash);
    // Nothing more to pay while it settles: no QR, no wallet, no simulate buttons.
    expect(seen).not.toMatch(/<svg class="qr"|class="wallet"|Simulate a payment/);
    const status = (await page(pathOf(session).replace('?', '/status?'))).body;
    expect(status).toMatchObject({ state: 'pending', amountPending: '10', payments: [{ txHash, status: 'pending', progress: '1 of 3 confirmations' }] });

    await createTestClient({ mode: 'anvil', transport: http(baseSepolia.rpcUrl) }).mine({ blocks: 2 });
    await until(session.id, (s) => s.status === 'complete');
    const paid = (await page(pathOf(session))).text;
    expect(paid).toContain('<h1 id="heading">Paid</h1>');
    expect(paid).toContain(`Thank you. ${MERCHANT_ESCAPED} has received 10 USDC.`);
    expect(paid).toContain(`<a class="button primary" href="https://shop.example/thanks">Return to ${MERCHANT_ESCAPED}</a>`);
    // The script takes the payer back after 5 s unless they choose to stay; no meta refresh, which could not be stopped (WCAG 2.2.1).
    expect(paid).toContain('data-success-url="https://shop.example/thanks" data-redirect-seconds="5"');
    expect(paid).toMatch(/<p class="hint redirect-note" hidden>[^]*<button type="button" class="stay">Stay on this page<\/button><\/p>/);
    expect(paid).not.toContain('http-equiv="refresh"');
    expect(paid).not.toContain('Cancel and return');
  });

  it('asks for what is still due after an underpayment, with a QR code for just that', async () => {
    const session = await open(test, { network: 'local' });
    await faucet.pay(session.depositAddress, { kind: 'token', address: USDC_LOCAL }, usdc('4.25'));
    await until(session.id, (s) => s.amountReceived === '4.25');
    const html = (await page(pathOf(session))).text;
    expect(html).toContain('<h1 id="heading">Pay the remaining 5.75 USDC</h1>');
    expect(html).toContain('We received 4.25 of 10 USDC.');
    expect(qrOf(html)).toBe(`ethereum:${USDC_LOCAL}@31337/transfer?address=${session.depositAddress}&uint256=5750000`);
  });

  it('says a session has expired, with the way back, and tells calmly of late and unmatched payments', async () => {
    const session = await open(test, { network: 'local' });
    await faucet.pay(session.depositAddress, { kind: 'token', address: USDT_LOCAL }, usdc('1'));
    await until(session.id, (s) => s.amountReceived === '0' && s.status === 'open');
    await testApp.app.get(DataSource).query(`UPDATE checkout_sessions SET expires_at = now() - interval '1 second' WHERE id = $1`, [session.id]);
    await testApp.app.get(SessionSweeper).run();
    await faucet.pay(session.depositAddress, { kind: 'token', address: USDC_LOCAL }, usdc('10'));
    await waitUntil(async () => (await test.get(`/api/v1/checkout_sessions/${session.id}`)).body.payments.length === 2, { timeoutMs: 15_000, intervalMs: 100 });
    const html = (await page(pathOf(session))).text;
    expect(html).toContain('<h1 id="heading">This checkout has expired</h1>');
    expect(html).toContain(`No payment counted towards this checkout before it closed. What reached the address is listed below, and ${MERCHANT_ESCAPED} has been told.`);
    expect(html).not.toContain('Nothing was charged');
    expect(html).toContain(`<a class="button primary" href="https://shop.example/cart">Return to ${MERCHANT_ESCAPED}</a>`);
    expect(html).toContain(`A payment reached this address after the checkout had closed. It has been recorded and ${MERCHANT_ESCAPED} has been told.`);
    expect(html).toContain('A payment in another currency or on another network reached this address.');
    expect(html).not.toMatch(/<svg class="qr"|Time left|Simulate a payment/);
  });

  it('simulates payments in test mode with real transfers from the faucet: too little, then the rest; too much; anything else refused', async () => {
    const simulate = (session: Session, form: object) => web.post(pathOf(session).replace('?', '/simulate?')).type('form').send(form);
    const short = await open(test);
    const answer = await simulate(short, { amount: 'under', network: 'local' }).expect(303);
    expect(answer.headers.location).toBe(`${pathOf(short)}&network=local`);
    await until(short.id, (s) => s.amountReceived === '5');
    const underpaid = (await page(answer.headers.location)).text;
    expect(underpaid).toContain('<h1 id="heading">Pay the remaining 5 USDC</h1>');
    expect(underpaid).toMatch(/<strong>5 USDC<\/strong> on Local dev chain/);
    await simulate(short, { amount: 'exact', network: 'local' }).expect(303);
    await until(short.id, (s) => s.status === 'complete');
    expect((await page(pathOf(short))).text).toContain('<h1 id="heading">Paid</h1>');

    const long = await open(test, { network: 'local' });
    await simulate(long, { amount: 'over' }).expect(303);
    await until(long.id, (s) => s.status === 'complete');
    const overpaid = (await page(pathOf(long))).text;
    expect(overpaid).toContain('has received 15 USDC.');
    expect(overpaid).toContain('You sent more than the amount due.');

    const refused = await simulate(await open(test, { network: 'local' }), { amount: 'free' });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('Choose exact, under or over.');
    const wrongSecret = await web.post(`/checkout/${short.id}/simulate?s=${new URL(long.url).searchParams.get('s')}`).type('form').send({ amount: 'exact' });
    expect(wrongSecret.status).toBe(404);
  });

  it('never shows or routes test-mode controls for a live session', async () => {
    const testSession = await open(test, { network: 'local' });
    const testPage = (await page(pathOf(testSession))).text;
    expect(testPage).toContain('Simulate a payment');
    expect(testPage).toContain(`action="/checkout/${testSession.id}/simulate?s=`);

    const liveSession = await open(live);
    const livePage = (await page(pathOf(liveSession))).text;
    expect(livePage).toContain('<h1 id="heading">Pay 10 USDC</h1>');
    expect(livePage).not.toMatch(/TEST MODE|Simulate|simulate|test faucet/);
    expect(livePage).toContain('data-rpc-url=""');
    const simulate = await web.post(pathOf(liveSession).replace('?', '/simulate?')).type('form').send({ amount: 'exact' });
    expect(simulate.status).toBe(404);
    expect(simulate.text).toContain('Page not found');
    expect((await live.get(`/api/v1/checkout_sessions/${liveSession.id}`).expect(200)).body.payments).toEqual([]);
  });

  it('loads its script and style from this origin only, with no inline script, style or event handler', async () => {
    const session = await open(test, { network: 'local' });
    const html = (await page(pathOf(session))).text;
    expect(html).toContain('<link rel="stylesheet" href="/checkout/assets/checkout.css">');
    expect(html).toContain('<script src="/checkout/assets/checkout.js" defer></script>');
    expect(html).toContain('<script src="/checkout/assets/wallet.js" defer></script>');
    expect(html).not.toMatch(/<script>|<script [^>]*src="(?!\/checkout\/assets\/)|<style|style="|\son[a-z]+=/i);
    // Links to the shop, the SVG namespace, and (test mode) the dev chain's RPC URL for the wallet to add: nothing loaded from elsewhere.
    expect(html.replace(/data-rpc-url="[^"]*"/, '')).not.toMatch(/(src|href)="https?:\/\/(?!shop\.example)/i);
    for (const [file, type] of [['checkout.css', /^text\/css/], ['checkout.js', /^text\/javascript/], ['wallet.js', /^text\/javascript/]] as const) {
      const asset = await page(`/checkout/assets/${file}`);
      expect(asset.status).toBe(200);
      expect(asset.headers['content-type']).toMatch(type);
    }
    expect((await page('/checkout/assets/..%2Fcheckout-page.module.ts')).status).toBe(404);
    expect((await page('/checkout/assets/nope.js')).status).toBe(404);
  });

  it('keeps page secrets out of the database and the logs, yet events and replays show the working url', async () => {
    const key = `page-url-${newId('cs')}`;
    const created = await test.post('/api/v1/checkout_sessions', { amount: '3', currency: 'USDC' }).set('Idempotency-Key', key).expect(201);
    const secret = new URL(created.body.url).searchParams.get('s')!;
    const replayed = await test.post('/api/v1/checkout_sessions', { amount: '3', currency: 'USDC' }).set('Idempotency-Key', key).expect(201);
    expect(replayed.headers['idempotent-replayed']).toBe('true');
    expect(replayed.body.url).toBe(created.body.url);
    const events = (await test.get('/api/v1/events?limit=100').expect(200)).body.data as { type: string; data: { object: { id: string; url: string } } }[];
    expect(events.find((event) => event.data.object.id === created.body.id && event.type === 'checkout_session.created')?.data.object.url).toBe(created.body.url);
    await page(pathOf(created.body));

    const database = testApp.app.get(DataSource);
    const [events_, records] = await Promise.all([
      database.query(`SELECT data::text AS text FROM events WHERE data->'object'->>'id' = $1`, [created.body.id]),
      database.query(`SELECT response_body AS text FROM idempotency_records WHERE key = $1`, [key]),
    ]);
    expect(events_.length).toBeGreaterThan(0);
    expect(records).toHaveLength(1);
    for (const { text } of [...events_, ...records] as { text: string }[]) {
      expect(text).toContain(`/checkout/${created.body.id}`);
      expect(text).not.toContain(secret);
    }
    expect(testApp.logs.raw.join('\n')).toContain(`/checkout/${created.body.id}?s=[REDACTED]`);
    expect(testApp.logs.raw.join('\n')).not.toContain(secret);
  });
});
