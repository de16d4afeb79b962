import { DataSource } from 'typeorm';
import { keccak256, toHex } from 'viem';
import { depositAddress } from '../src/chains/deposit-factory';
import { SessionSweeper } from '../src/sessions/session-sweeper';
import { apiAs, ApiClient, eventsAbout, walkBackwards, walkForwards } from './support/api-client';
import type { Anvil } from './support/anvil';
import { PAYOUT_LIVE, startChainAs } from './support/chains';
import { createKey } from './factories/api-keys';
import { createTestApp, TestApp } from './support/test-app';

const SCOPES = ['sessions:read', 'sessions:write', 'links:write', 'customers:write', 'events:read'] as const;
const MINUTE = 60_000;

describe('checkout sessions (DESIGN.md §8)', () => {
  let testApp: TestApp;
  let test: ApiClient;
  let live: ApiClient;
  let base: Anvil;
  const inMinutes = (minutes: number) => new Date(Date.now() + minutes * MINUTE).toISOString();
  const open = (api: ApiClient, fields: object = {}) => api.post('/api/v1/checkout_sessions', { amount: '12.34', currency: 'USDC', ...fields });
  const backdate = (id: string) =>
    testApp.app.get(DataSource).query(`UPDATE checkout_sessions SET expires_at = now() - interval '1 second' WHERE id = $1`, [id]);

  beforeAll(async () => {
    // Live sessions need a live network: an Anvil answering base's chain id, with the factory.
    base = await startChainAs(8453);
    testApp = await createTestApp({ ownDatabase: true, env: { RPC_URLS_BASE: base.rpcUrl, PAYOUT_ADDRESS_LIVE: PAYOUT_LIVE } });
    test = apiAs(testApp.app, await createKey(testApp.app, { mode: 'test', scopes: [...SCOPES] }));
    live = apiAs(testApp.app, await createKey(testApp.app, { mode: 'live', scopes: [...SCOPES] }));
  });
  afterAll(async () => {
    await testApp?.close();
    await base?.stop();
  });

  it('opens a session for an amount, expiring in an hour by default', async () => {
    const created = await open(test, { successUrl: 'https://shop.example/thanks', cancelUrl: 'http://localhost:8080/cart', metadata: { order: '42' } }).expect(201);
    expect(created.body).toEqual({
      id: expect.stringMatching(/^cs_[0-9a-z]{26}$/),
      object: 'checkout_session',
      livemode: false,
      status: 'open',
      amount: '12.34',
      currency: 'USDC',
      paymentLink: null,
      customer: null,
      successUrl: 'https://shop.example/thanks',
      cancelUrl: 'http://localhost:8080/cart',
      // The hosted page, with its secret (DESIGN.md §14; test/checkout-page.e2e-spec.ts checks it opens the page).
      url: expect.stringMatching(new RegExp(`^http://localhost:3000/checkout/${created.body.id}\\?s=[A-Za-z0-9_-]{43}$`)),
      metadata: { order: '42' },
      // No test network in this suite: nowhere to pay on chain, the test helper marks it paid.
      depositAddress: null,
      networks: [],
      paymentStatus: 'unpaid',
      amountReceived: '0',
      amountPending: '0',
      amountDue: '12.34',
      payments: [],
      expiresAt: expect.any(String),
      completedAt: null,
      createdAt: expect.any(String),
    });
    const lifetime = Date.parse(created.body.expiresAt) - Date.parse(created.body.createdAt);
    expect(Math.abs(lifetime - 60 * MINUTE)).toBeLessThan(5_000);
    expect((await test.get(`/api/v1/checkout_sessions/${created.body.id}`).expect(200)).body).toEqual(created.body);
  });

  it('gives a live session its own deposit address, bound to the live payout address, and the networks that take its currency', async () => {
    const [first, second] = await Promise.all([open(live).expect(201), open(live, { currency: 'ETH', amount: '0.5' }).expect(201)]);
    for (const created of [first, second]) {
      expect(created.body.depositAddress).toBe(depositAddress(PAYOUT_LIVE, keccak256(toHex(created.body.id))));
    }
    expect(first.body.depositAddress).not.toBe(second.body.depositAddress);
    expect(first.body).toMatchObject({
      networks: [{ network: 'base', chainId: 8453, currency: 'USDC', tokenContract: '0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913', decimals: 6 }],
      paymentStatus: 'unpaid',
      amountDue: '12.34',
    });
    expect(second.body.networks).toEqual([{ network: 'base', chainId: 8453, currency: 'ETH', tokenContract: null, decimals: 18 }]);
    expect(second.body.amountDue).toBe('0.5');
  });

  it('refuses a live session in a currency no enabled live network takes, saying what to configure', async () => {
    // base carries no USDT in the catalogue; ethereum, arbitrum, optimism and polygon do, none is configured here.
    const refused = await open(live, { currency: 'USDT' }).expect(400);
    expect(refused.body.error).toMatchObject({ code: 'parameter_invalid', param: 'currency' });
    expect(refused.body.error.message).toContain('No enabled live network accepts USDT');
    expect(refused.body.error.message).toContain('RPC_URLS_ETHEREUM');
    expect(refused.body.error.message).toContain('PAYOUT_ADDRESS_LIVE');
    // A test session in the same currency is fine: the test helper can still pay it.
    await open(test, { currency: 'USDT' }).expect(201);
  });

  it('restricts a session to one network on request, and refuses one that cannot take it', async () => {
    const restricted = await open(live, { network: 'base' }).expect(201);
    expect(restricted.body.networks.map((entry: { network: string }) => entry.network)).toEqual(['base']);
    const disabled = await open(live, { network: 'arbitrum' }).expect(400);
    expect(disabled.body.error).toMatchObject({ code: 'parameter_invalid', param: 'network' });
    expect(disabled.body.error.message).toBe('arbitrum cannot take live payments in USDC; choose one of base.');
    const otherMode = await open(test, { network: 'base' }).expect(400);
    expect(otherMode.body.error.message).toBe('base cannot take test payments in USDC; no enabled network can.');
    const unknown = await open(live, { network: 'solana' }).expect(400);
    expect(unknown.body.error).toMatchObject({ code: 'parameter_invalid', param: 'network' });
  });

  it('copies the price of a payment link, and refuses an archived one', async () => {
    const plink = (await test.post('/api/v1/payment_links', { name: 'Mug', amount: '0.015', currency: 'ETH' }).expect(201)).body;
    const session = await test.post('/api/v1/checkout_sessions', { paymentLink: plink.id }).expect(201);
    expect(session.body).toMatchObject({ amount: '0.015', currency: 'ETH', paymentLink: plink.id });
    await test.post(`/api/v1/payment_links/${plink.id}/archive`).expect(200);
    const refused = await test.post('/api/v1/checkout_sessions', { paymentLink: plink.id });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({ code: 'parameter_invalid', param: 'paymentLink' });
  });

  it('links a customer of the same mode, and never one of the other mode', async () => {
    const customer = (await test.post('/api/v1/customers', { name: 'Grace' }).expect(201)).body;
    expect((await open(test, { customer: customer.id }).expect(201)).body.customer).toBe(customer.id);
    const liveCustomer = (await live.post('/api/v1/customers', { name: 'Live' }).expect(201)).body;
    const liveLink = (await live.post('/api/v1/payment_links', { name: 'L', amount: '1', currency: 'USDT' }).expect(201)).body;
    for (const [field, id] of [['customer', liveCustomer.id], ['paymentLink', liveLink.id]]) {
      const body = field === 'customer' ? { amount: '1', currency: 'USDC', customer: id } : { paymentLink: id };
      const response = await test.post('/api/v1/checkout_sessions', body);
      expect(response.status).toBe(404);
      expect(response.body.error).toMatchObject({ code: 'resource_missing', param: field });
    }
  });

  it.each([
    ['no price at all', {}, 'parameter_missing', 'amount'],
    ['an amount without currency', { amount: '1' }, 'parameter_missing', 'currency'],
    ['a price and a payment link', { amount: '1', currency: 'USDC', paymentLink: 'plink_01h2xcejqtf2nbrexx3vqjhp41' }, 'parameter_invalid', 'amount'],
    ['too many decimals for USDT', { amount: '1.1234567', currency: 'USDT' }, 'parameter_invalid', 'amount'],
    ['a javascript: success URL', { amount: '1', currency: 'USDC', successUrl: 'javascript:alert(1)' }, 'parameter_invalid', 'successUrl'],
    ['an ftp cancel URL', { amount: '1', currency: 'USDC', cancelUrl: 'ftp://example.com/x' }, 'parameter_invalid', 'cancelUrl'],
    ['an expiry under 30 minutes', { amount: '1', currency: 'USDC', expiresAt: 'SOON' }, 'parameter_invalid', 'expiresAt'],
    ['an unknown field', { amount: '1', currency: 'USDC', status: 'complete' }, 'parameter_unknown', 'status'],
  ])('refuses %s with 400 naming the field', async (_case, body, code, param) => {
    const payload = { ...body } as Record<string, unknown>;
    if (payload.expiresAt === 'SOON') payload.expiresAt = inMinutes(29);
    const response = await test.post('/api/v1/checkout_sessions', payload);
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({ type: 'invalid_request', code, param });
  });

  it('accepts an expiry from 30 minutes to 24 hours ahead, and nothing beyond', async () => {
    await open(test, { expiresAt: inMinutes(31) }).expect(201);
    await open(test, { expiresAt: inMinutes(24 * 60 - 1) }).expect(201);
    expect((await open(test, { expiresAt: inMinutes(24 * 60 + 1) })).body.error).toMatchObject({ param: 'expiresAt' });
  });

  it('pays an open test session once; paying again or expiring it after is a 409', async () => {
    const { id } = (await open(test).expect(201)).body;
    const paid = await test.post(`/api/v1/test_helpers/checkout_sessions/${id}/pay`).expect(200);
    expect(paid.body).toMatchObject({ id, status: 'complete', completedAt: expect.any(String), paymentStatus: 'paid', amountReceived: '12.34', amountDue: '0' });
    for (const path of [`/api/v1/test_helpers/checkout_sessions/${id}/pay`, `/api/v1/checkout_sessions/${id}/expire`]) {
      const response = await test.post(path);
      expect(response.status).toBe(409);
      expect(response.body.error.code).toBe('state_conflict');
    }
    expect((await eventsAbout(test, id)).map((event) => event.type)).toEqual(['checkout_session.completed', 'checkout_session.created']);
  });

  it('expires an open session on request; it can no longer be paid', async () => {
    const { id } = (await open(test).expect(201)).body;
    expect((await test.post(`/api/v1/checkout_sessions/${id}/expire`).expect(200)).body.status).toBe('expired');
    expect((await test.post(`/api/v1/test_helpers/checkout_sessions/${id}/pay`)).status).toBe(409);
    expect((await test.post(`/api/v1/checkout_sessions/${id}/expire`)).status).toBe(409);
  });

  it('refuses the test helper to live keys', async () => {
    const { id } = (await open(live).expect(201)).body;
    const response = await live.post(`/api/v1/test_helpers/checkout_sessions/${id}/pay`);
    expect(response.status).toBe(403);
    expect(response.body.error).toMatchObject({ type: 'permission', code: 'test_mode_only' });
    expect((await live.get(`/api/v1/checkout_sessions/${id}`).expect(200)).body.status).toBe('open');
  });

  it('lets exactly one of many concurrent pay and expire calls win', async () => {
    for (let round = 0; round < 5; round++) {
      const { id } = (await open(test).expect(201)).body;
      const calls = Array.from({ length: 8 }, (_, i) =>
        test.post(i % 2 ? `/api/v1/checkout_sessions/${id}/expire` : `/api/v1/test_helpers/checkout_sessions/${id}/pay`),
      );
      const statuses = (await Promise.all(calls)).map((response) => response.status);
      expect(statuses.filter((status) => status === 200)).toHaveLength(1);
      expect(statuses.filter((status) => status === 409)).toHaveLength(7);
      const transitions = (await eventsAbout(test, id)).filter((event) => event.type !== 'checkout_session.created');
      expect(transitions).toHaveLength(1);
    }
  });

  it('reads as expired the moment expiresAt passes; the sweeper persists it and emits one event', async () => {
    const { id } = (await open(test).expect(201)).body;
    await backdate(id);
    expect((await test.get(`/api/v1/checkout_sessions/${id}`).expect(200)).body.status).toBe('expired');
    expect((await test.post(`/api/v1/test_helpers/checkout_sessions/${id}/pay`)).status).toBe(409);
    const [stored] = (await testApp.app.get(DataSource).query('SELECT status FROM checkout_sessions WHERE id = $1', [id])) as { status: string }[];
    expect(stored.status).toBe('open');

    const sweeper = testApp.app.get(SessionSweeper);
    await sweeper.run();
    await sweeper.run();
    const [after] = (await testApp.app.get(DataSource).query('SELECT status FROM checkout_sessions WHERE id = $1', [id])) as { status: string }[];
    expect(after.status).toBe('expired');
    const events = await eventsAbout(test, id);
    expect(events.map((event) => [event.type, event.data.object.status])).toEqual([
      ['checkout_session.expired', 'expired'],
      ['checkout_session.created', 'open'],
    ]);
  });

  it('keeps the modes apart and paginates both ways', async () => {
    const { id } = (await open(live).expect(201)).body;
    for (const response of [
      await test.get(`/api/v1/checkout_sessions/${id}`),
      await test.post(`/api/v1/checkout_sessions/${id}/expire`),
      await test.post(`/api/v1/test_helpers/checkout_sessions/${id}/pay`),
    ]) {
      expect(response.status).toBe(404);
      expect(response.body.error.code).toBe('resource_missing');
    }
    const created: string[] = [];
    for (let i = 0; i < 7; i++) created.push((await open(live).expect(201)).body.id);
    const forwards = await walkForwards(live, '/api/v1/checkout_sessions', 3);
    expect(forwards.filter((sessionId) => created.includes(sessionId))).toEqual([...created].reverse());
    const backwards = await walkBackwards(live, '/api/v1/checkout_sessions', 3, forwards.at(-1)!);
    expect(backwards.filter((sessionId) => created.includes(sessionId))).toEqual([...created].reverse());
  });
});
