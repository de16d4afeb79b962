import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { newId } from '../src/common/ids/type-id';
import { EventPurger } from '../src/events/event-purger';
import { EventWriter } from '../src/events/event-writer';
import { apiAs, ApiClient } from './support/api-client';
import { createKey } from './factories/api-keys';
import { createTestApp, TestApp } from './support/test-app';

describe('events (DESIGN.md §8)', () => {
  let testApp: TestApp;
  let test: ApiClient;
  let live: ApiClient;

  beforeAll(async () => {
    testApp = await createTestApp();
    const scopes = ['events:read', 'customers:write', 'links:write'] as const;
    test = apiAs(testApp.app, await createKey(testApp.app, { mode: 'test', scopes: [...scopes] }));
    live = apiAs(testApp.app, await createKey(testApp.app, { mode: 'live', scopes: [...scopes] }));
  });
  afterAll(() => testApp.close());

  it('lists events newest first, filters by type, and retrieves one', async () => {
    const customer = (await test.post('/api/v1/customers', { name: 'Evented' }).expect(201)).body;
    await test.post('/api/v1/payment_links', { name: 'x', amount: '1', currency: 'USDC' }).expect(201);
    const onlyCustomers = (await test.get('/api/v1/events?type=customer.created&limit=100').expect(200)).body;
    expect(onlyCustomers.object).toBe('list');
    expect(onlyCustomers.data.every((event: { type: string }) => event.type === 'customer.created')).toBe(true);
    const event = onlyCustomers.data.find((candidate: { data: { object: { id: string } } }) => candidate.data.object.id === customer.id);
    expect(event).toEqual({
      id: expect.stringMatching(/^evt_[0-9a-z]{26}$/),
      object: 'event',
      livemode: false,
      type: 'customer.created',
      data: { object: customer },
      createdAt: expect.any(String),
    });
    expect((await test.get(`/api/v1/events/${event.id}`).expect(200)).body).toEqual(event);
  });

  it('refuses an unknown type filter and keeps the modes apart', async () => {
    const unknown = await test.get('/api/v1/events?type=customer.deleted');
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toMatchObject({ code: 'parameter_invalid', param: 'type' });

    await live.post('/api/v1/customers', { name: 'Live event' }).expect(201);
    const [liveEvent] = (await live.get('/api/v1/events?limit=1').expect(200)).body.data;
    const crossed = await test.get(`/api/v1/events/${liveEvent.id}`);
    expect(crossed.status).toBe(404);
    expect(JSON.stringify(crossed.body)).not.toContain('Live event');
    const testEvents = (await test.get('/api/v1/events?limit=100').expect(200)).body.data as { livemode: boolean }[];
    expect(testEvents.every((event) => !event.livemode)).toBe(true);
  });

  it('leaves no event, and no change, when the transaction fails after the event was written', async () => {
    const writer = testApp.app.get(EventWriter);
    const record = writer.record.bind(writer);
    const spy = jest.spyOn(writer, 'record').mockImplementationOnce(async (...args) => {
      await record(...args);
      throw new Error('the process died after writing the event');
    });
    const probe = randomUUID();
    const response = await test.post('/api/v1/customers', { metadata: { probe } });
    const eventsWritten = spy.mock.calls.length;
    spy.mockRestore();

    expect(response.status).toBe(500);
    expect(eventsWritten).toBe(1);
    const dataSource = testApp.app.get(DataSource);
    const [customers] = (await dataSource.query(`SELECT count(*)::int AS n FROM customers WHERE metadata->>'probe' = $1`, [probe])) as { n: number }[];
    const [events] = (await dataSource.query(`SELECT count(*)::int AS n FROM events WHERE data->'object'->'metadata'->>'probe' = $1`, [probe])) as { n: number }[];
    expect({ customers: customers.n, events: events.n }).toEqual({ customers: 0, events: 0 });
  });

  it('refuses to write an event outside a transaction', async () => {
    await expect(testApp.app.get(EventWriter).record('test', 'customer.created', {})).rejects.toThrow(/transaction/);
  });

  it('purges events older than 30 days and keeps the rest', async () => {
    const dataSource = testApp.app.get(DataSource);
    const [old, recent] = [newId('evt'), newId('evt')];
    // A customer as the API shows it: openapi.yaml types `data.object` by its `object` field.
    const customer = { id: newId('cus'), object: 'customer', livemode: false, email: null, name: null, metadata: {}, createdAt: new Date().toISOString() };
    await dataSource.query(
      `INSERT INTO events (id, livemode, type, data, created_at) VALUES
         ($1, false, 'customer.created', $3, now() - interval '31 days'),
         ($2, false, 'customer.created', $3, now() - interval '29 days')`,
      [old, recent, JSON.stringify({ object: customer })],
    );
    expect(await testApp.app.get(EventPurger).run()).toBeGreaterThanOrEqual(1);
    expect((await test.get(`/api/v1/events/${old}`)).status).toBe(404);
    await test.get(`/api/v1/events/${recent}`).expect(200);
  });
});
