import { apiAs, ApiClient, eventsAbout, walkBackwards, walkForwards } from './support/api-client';
import { createKey } from './factories/api-keys';
import { createTestApp, TestApp } from './support/test-app';

describe('customers (DESIGN.md §8)', () => {
  let testApp: TestApp;
  let test: ApiClient;
  let live: ApiClient;

  beforeAll(async () => {
    testApp = await createTestApp();
    const scopes = ['customers:read', 'customers:write', 'events:read'] as const;
    test = apiAs(testApp.app, await createKey(testApp.app, { mode: 'test', scopes: [...scopes] }));
    live = apiAs(testApp.app, await createKey(testApp.app, { mode: 'live', scopes: [...scopes] }));
  });
  afterAll(() => testApp.close());

  it('creates, reads and updates a customer, in either mode', async () => {
    for (const [api, livemode] of [[test, false], [live, true]] as const) {
      const created = await api.post('/api/v1/customers', { email: 'ada@example.com', name: 'Ada', metadata: { plan: 'pro', tier: '1' } }).expect(201);
      expect(created.body).toEqual({
        id: expect.stringMatching(/^cus_[0-9a-z]{26}$/),
        object: 'customer',
        livemode,
        email: 'ada@example.com',
        name: 'Ada',
        metadata: { plan: 'pro', tier: '1' },
        createdAt: expect.any(String),
      });
      const id = created.body.id as string;
      expect((await api.get(`/api/v1/customers/${id}`).expect(200)).body).toEqual(created.body);

      const updated = await api.patch(`/api/v1/customers/${id}`, { name: 'Ada L.', metadata: { tier: '', region: 'eu' } }).expect(200);
      expect(updated.body).toMatchObject({ name: 'Ada L.', email: 'ada@example.com', metadata: { plan: 'pro', region: 'eu' } });
    }
  });

  it('creates a customer with no fields at all', async () => {
    const created = await test.post('/api/v1/customers').expect(201);
    expect(created.body).toMatchObject({ email: null, name: null, metadata: {} });
  });

  it('writes customer.created and customer.updated events with the object as it was', async () => {
    const { id } = (await test.post('/api/v1/customers', { name: 'Before' }).expect(201)).body;
    await test.patch(`/api/v1/customers/${id}`, { name: 'After' }).expect(200);
    const mine = await eventsAbout(test, id);
    expect(mine.map((event) => [event.type, event.data.object.name])).toEqual([
      ['customer.updated', 'After'],
      ['customer.created', 'Before'],
    ]);
  });

  it.each([
    ['an invalid email', { email: 'not-an-email' }, 'parameter_invalid', 'email'],
    ['an empty name', { name: '' }, 'parameter_invalid', 'name'],
    ['metadata that is not an object', { metadata: 'x' }, 'parameter_invalid', 'metadata'],
    ['metadata with 51 keys', { metadata: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v'])) }, 'parameter_invalid', 'metadata'],
    ['an unknown field', { phone: '123' }, 'parameter_unknown', 'phone'],
  ])('refuses %s on create and update with 400 naming the field', async (_case, body, code, param) => {
    const create = await test.post('/api/v1/customers', body);
    expect(create.status).toBe(400);
    expect(create.body.error).toMatchObject({ type: 'invalid_request', code, param });
    const { id } = (await test.post('/api/v1/customers').expect(201)).body;
    const update = await test.patch(`/api/v1/customers/${id}`, body);
    expect(update.status).toBe(400);
    expect(update.body.error).toMatchObject({ code, param });
  });

  it('keeps the modes apart: the other mode gets 404 with a hint, never the content, and lists never mix', async () => {
    const { id } = (await live.post('/api/v1/customers', { email: 'secret-live@example.com' }).expect(201)).body;
    for (const response of [await test.get(`/api/v1/customers/${id}`), await test.patch(`/api/v1/customers/${id}`, { name: 'x' })]) {
      expect(response.status).toBe(404);
      expect(response.body.error).toMatchObject({ code: 'resource_missing', param: 'id' });
      expect(response.body.error.message).toContain('exists in live mode');
      expect(JSON.stringify(response.body)).not.toContain('secret-live');
    }
    const testList = (await test.get('/api/v1/customers?limit=100').expect(200)).body.data as { livemode: boolean }[];
    expect(testList.every((customer) => customer.livemode === false)).toBe(true);
    expect((await live.get(`/api/v1/customers/${id}`).expect(200)).body.name).toBeNull();
  });

  it('answers unknown and malformed ids with 404 resource_missing', async () => {
    for (const id of ['cus_01h2xcejqtf2nbrexx3vqjhp41', 'nope', 'plink_01h2xcejqtf2nbrexx3vqjhp41']) {
      const response = await test.get(`/api/v1/customers/${id}`);
      expect(response.status).toBe(404);
      expect(response.body.error.code).toBe('resource_missing');
    }
  });

  it('paginates forwards and backwards over more than two pages, newest first', async () => {
    const api = apiAs(testApp.app, await createKey(testApp.app, { mode: 'live', scopes: ['customers:read', 'customers:write'] }));
    const created: string[] = [];
    for (let i = 0; i < 7; i++) created.push((await api.post('/api/v1/customers', { name: `page ${i}` }).expect(201)).body.id);
    const forwards = await walkForwards(api, '/api/v1/customers', 3);
    expect(forwards.filter((id) => created.includes(id))).toEqual([...created].reverse());
    expect(new Set(forwards).size).toBe(forwards.length);
    // Other suites add customers meanwhile; the walk back from the oldest must still meet ours in order.
    const backwards = await walkBackwards(api, '/api/v1/customers', 2, forwards.at(-1)!);
    expect(backwards.filter((id) => created.includes(id))).toEqual([...created].reverse());
    expect(new Set(backwards).size).toBe(backwards.length);
    for (const cursor of ['startingAfter=nope', `endingBefore=plink_01h2xcejqtf2nbrexx3vqjhp41`]) {
      const response = await api.get(`/api/v1/customers?${cursor}`);
      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe('parameter_invalid');
    }
  });
});
