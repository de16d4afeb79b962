import request from 'supertest';
import { DataSource } from 'typeorm';
import { newId } from '../src/common/ids/type-id';
import { apiAs, ApiClient } from './support/api-client';
import type { Anvil } from './support/anvil';
import { PAYOUT_LIVE, startChainAs } from './support/chains';
import { createKey } from './factories/api-keys';
import { createTestApp, TestApp } from './support/test-app';

const LIMIT = 3;
const CHECKOUT_PATH = /^\/checkout\/(cs_[0-9a-z]{26})\?s=[A-Za-z0-9_-]{43}$/;

/** `GET /pay/:id`, a payment link's url (DESIGN.md §14), behind a trusted proxy that names the client. */
describe('payment link landing (DESIGN.md §14)', () => {
  let base: Anvil;
  let testApp: TestApp;
  let web: ReturnType<typeof request>;
  let test: ApiClient;
  let live: ApiClient;
  let clients = 0;
  /** A client address of its own for each test: the limit counts per address. */
  const nextClient = () => `203.0.113.${(clients += 1)}`;
  const visit = (linkId: string, client: string) => web.get(`/pay/${linkId}`).set('X-Forwarded-For', client);
  const link = async (api: ApiClient, fields: object = {}) => (await api.post('/api/v1/payment_links', { name: 'T-shirt', amount: '25', currency: 'USDC', ...fields }).expect(201)).body;
  const sessionsOf = async (linkId: string) =>
    Number((await testApp.app.get(DataSource).query('SELECT count(*) AS n FROM checkout_sessions WHERE payment_link_id = $1', [linkId]))[0].n);

  beforeAll(async () => {
    // Live links open live sessions: a live network (an Anvil answering base's chain id).
    base = await startChainAs(8453);
    testApp = await createTestApp({
      ownDatabase: true,
      env: { TRUST_PROXY: 'loopback', PAYMENT_LINK_SESSIONS_PER_MINUTE: String(LIMIT), RPC_URLS_BASE: base.rpcUrl, PAYOUT_ADDRESS_LIVE: PAYOUT_LIVE, LOCAL_CHAIN: 'off' },
    });
    web = request(testApp.app.getHttpServer());
    const scopes = ['links:write', 'links:read', 'sessions:read'] as const;
    test = apiAs(testApp.app, await createKey(testApp.app, { mode: 'test', scopes: [...scopes] }));
    live = apiAs(testApp.app, await createKey(testApp.app, { mode: 'live', scopes: [...scopes] }));
  }, 60_000);

  afterAll(async () => {
    await testApp?.close();
    await base?.stop();
  });

  it("opens a new session for the link's price on every visit and sends the payer to its page (303)", async () => {
    const { id, url } = await link(test);
    expect(url).toBe(`http://localhost:3000/pay/${id}`);
    const client = nextClient();
    const first = await visit(id, client).expect(303);
    const second = await visit(id, client).expect(303);
    const [, firstSession] = CHECKOUT_PATH.exec(first.headers.location)!;
    const [, secondSession] = CHECKOUT_PATH.exec(second.headers.location)!;
    expect(firstSession).not.toBe(secondSession);
    const session = (await test.get(`/api/v1/checkout_sessions/${firstSession}`).expect(200)).body;
    expect(session).toMatchObject({ livemode: false, status: 'open', amount: '25', currency: 'USDC', paymentLink: id });
    expect(new URL(session.url).pathname + new URL(session.url).search).toBe(first.headers.location);
    const page = await web.get(first.headers.location).expect(200);
    expect(page.text).toContain('<h1 id="heading">Pay 25 USDC</h1>');
    expect(page.text).toContain('TEST MODE');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
  });

  it("opens a live link's session in live mode", async () => {
    const { id } = await link(live, { amount: '0.01', currency: 'ETH' });
    const landing = await visit(id, nextClient()).expect(303);
    const [, sessionId] = CHECKOUT_PATH.exec(landing.headers.location)!;
    expect((await live.get(`/api/v1/checkout_sessions/${sessionId}`).expect(200)).body).toMatchObject({ livemode: true, paymentLink: id, amount: '0.01', currency: 'ETH' });
    await test.get(`/api/v1/checkout_sessions/${sessionId}`).expect(404);
    const page = await web.get(landing.headers.location).expect(200);
    expect(page.text).not.toContain('TEST MODE');
    expect(page.text).toContain('<h2 id="pay-heading">Send 0.01 ETH on Base</h2>');
  });

  it('lets a test session with no network to pay on be marked paid from its page', async () => {
    const { id } = await link(test);
    const landing = await visit(id, nextClient()).expect(303);
    const page = (await web.get(landing.headers.location).expect(200)).text;
    expect(page).toContain('This test session has no network to be paid on');
    expect(page).toContain('<button type="submit" name="amount" value="exact">Mark paid</button>');
    expect(page).not.toMatch(/value="under"|value="over"|<svg class="qr"/);
    const marked = await web.post(landing.headers.location.replace('?', '/simulate?')).type('form').send({ amount: 'exact' }).expect(303);
    expect(marked.headers.location).toBe(landing.headers.location);
    const [, sessionId] = CHECKOUT_PATH.exec(landing.headers.location)!;
    expect((await test.get(`/api/v1/checkout_sessions/${sessionId}`).expect(200)).body).toMatchObject({ status: 'complete', paymentStatus: 'paid' });
    expect((await web.get(landing.headers.location).expect(200)).text).toContain('<h1 id="heading">Paid</h1>');
  });

  it('answers an archived link with a "no longer available" page (410) and opens no session', async () => {
    const { id } = await link(test);
    await test.post(`/api/v1/payment_links/${id}/archive`).expect(200);
    const response = await visit(id, nextClient());
    expect(response.status).toBe(410);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.headers['content-security-policy']).toMatch(/^default-src 'none'/);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.text).toContain('No longer available');
    expect(response.text).toContain('This payment link is no longer available.');
    expect(await sessionsOf(id)).toBe(0);
  });

  it('answers an unknown or malformed link with the not-found page', async () => {
    for (const id of [newId('plink'), 'plink_nope', newId('cs')]) {
      const response = await visit(id, nextClient());
      expect({ id, status: response.status }).toEqual({ id, status: 404 });
      expect(response.text).toContain('Page not found');
    }
  });

  it(`opens at most ${LIMIT} sessions a minute per client address (as the trusted proxy names it), then answers 429 with Retry-After`, async () => {
    const { id } = await link(test);
    const client = nextClient();
    for (let n = 0; n < LIMIT; n += 1) await visit(id, client).expect(303);
    const refused = await visit(id, client);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(refused.text).toContain('Too many checkouts');
    expect(await sessionsOf(id)).toBe(LIMIT);
    // Another address is not held back.
    await visit(id, nextClient()).expect(303);
    expect(await sessionsOf(id)).toBe(LIMIT + 1);
  });
});
