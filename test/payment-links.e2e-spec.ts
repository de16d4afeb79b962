import { apiAs, ApiClient, eventsAbout, walkBackwards, walkForwards } from './support/api-client';
import { createKey } from './factories/api-keys';
import { createTestApp, TestApp } from './support/test-app';

describe('payment links (DESIGN.md §8)', () => {
  let testApp: TestApp;
  let test: ApiClient;
  let live: ApiClient;
  const link = (fields: object = {}) => ({ name: 'T-shirt', amount: '25.00', currency: 'USDC', ...fields });

  beforeAll(async () => {
    testApp = await createTestApp();
    test = apiAs(testApp.app, await createKey(testApp.app, { mode: 'test', scopes: ['links:read', 'links:write', 'events:read'] }));
    live = apiAs(testApp.app, await createKey(testApp.app, { mode: 'live', scopes: ['links:read', 'links:write'] }));
  });
  afterAll(() => testApp.close());

  it('creates a link whose amount comes back exactly as sent, with its hosted page URL', async () => {
    const created = await test.post('/api/v1/payment_links', link({ amount: '9.50', metadata: { sku: 'ts-1' } })).expect(201);
    expect(created.body).toEqual({
      id: expect.stringMatching(/^plink_[0-9a-z]{26}$/),
      object: 'payment_link',
      livemode: false,
      name: 'T-shirt',
      amount: '9.50',
      currency: 'USDC',
      active: true,
      url: `http://localhost:3000/pay/${created.body.id}`,
      metadata: { sku: 'ts-1' },
      createdAt: expect.any(String),
    });
    expect((await test.get(`/api/v1/payment_links/${created.body.id}`).expect(200)).body).toEqual(created.body);
    const eth = await live.post('/api/v1/payment_links', link({ amount: '0.000000000000000001', currency: 'ETH' })).expect(201);
    expect(eth.body).toMatchObject({ amount: '0.000000000000000001', livemode: true });
  });

  it.each([
    ['a missing name', { amount: '1', currency: 'USDC' }, 'parameter_missing', 'name'],
    ['a missing amount', { name: 'x', currency: 'USDC' }, 'parameter_missing', 'amount'],
    ['a numeric amount', link({ amount: 25 }), 'parameter_invalid', 'amount'],
    ['a zero amount', link({ amount: '0.00' }), 'parameter_invalid', 'amount'],
    ['a negative amount', link({ amount: '-1' }), 'parameter_invalid', 'amount'],
    ['an exponent', link({ amount: '1e3' }), 'parameter_invalid', 'amount'],
    ['more decimals than USDC has', link({ amount: '1.0000001' }), 'parameter_invalid', 'amount'],
    ['more than 18 decimals', link({ amount: '1.0000000000000000001', currency: 'ETH' }), 'parameter_invalid', 'amount'],
    ['an unknown currency', link({ currency: 'DOGE' }), 'parameter_invalid', 'currency'],
    ['an unknown field', link({ active: false }), 'parameter_unknown', 'active'],
  ])('refuses %s with 400 naming the field', async (_case, body, code, param) => {
    const response = await test.post('/api/v1/payment_links', body);
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({ type: 'invalid_request', code, param });
  });

  it('updates a link, checking the new price against its currency', async () => {
    const { id } = (await test.post('/api/v1/payment_links', link({ metadata: { a: '1' } })).expect(201)).body;
    const updated = await test.patch(`/api/v1/payment_links/${id}`, { name: 'Hoodie', amount: '0.05', currency: 'ETH', metadata: { b: '2' } }).expect(200);
    expect(updated.body).toMatchObject({ name: 'Hoodie', amount: '0.05', currency: 'ETH', metadata: { a: '1', b: '2' }, active: true });
    const tooPrecise = await test.patch(`/api/v1/payment_links/${id}`, { currency: 'USDC', amount: '1.1234567' });
    expect(tooPrecise.body.error).toMatchObject({ code: 'parameter_invalid', param: 'amount' });
  });

  it('archives for good: the link goes inactive, and later changes or archives get 409', async () => {
    const { id } = (await test.post('/api/v1/payment_links', link()).expect(201)).body;
    const archived = await test.post(`/api/v1/payment_links/${id}/archive`).expect(200);
    expect(archived.body).toMatchObject({ id, active: false });
    for (const response of [await test.patch(`/api/v1/payment_links/${id}`, { name: 'again' }), await test.post(`/api/v1/payment_links/${id}/archive`)]) {
      expect(response.status).toBe(409);
      expect(response.body.error).toMatchObject({ type: 'invalid_request', code: 'state_conflict' });
    }
    const events = await eventsAbout(test, id);
    expect(events.map((event) => [event.type, event.data.object.active])).toEqual([
      ['payment_link.archived', false],
      ['payment_link.created', true],
    ]);
  });

  it('keeps the modes apart for reads, updates and archives', async () => {
    const { id } = (await live.post('/api/v1/payment_links', link({ name: 'Live only' })).expect(201)).body;
    for (const response of [
      await test.get(`/api/v1/payment_links/${id}`),
      await test.patch(`/api/v1/payment_links/${id}`, { name: 'x' }),
      await test.post(`/api/v1/payment_links/${id}/archive`),
    ]) {
      expect(response.status).toBe(404);
      expect(response.body.error.code).toBe('resource_missing');
      expect(JSON.stringify(response.body)).not.toContain('Live only');
    }
    expect((await live.get(`/api/v1/payment_links/${id}`).expect(200)).body.active).toBe(true);
  });

  it('paginates forwards and backwards over more than two pages', async () => {
    const created: string[] = [];
    for (let i = 0; i < 7; i++) created.push((await live.post('/api/v1/payment_links', link({ name: `page ${i}` })).expect(201)).body.id);
    const forwards = await walkForwards(live, '/api/v1/payment_links', 3);
    expect(forwards.filter((id) => created.includes(id))).toEqual([...created].reverse());
    const backwards = await walkBackwards(live, '/api/v1/payment_links', 2, forwards.at(-1)!);
    expect(backwards.filter((id) => created.includes(id))).toEqual([...created].reverse());
  });
});
