import { createKey } from './factories/api-keys';
import { apiAs, ApiClient } from './support/api-client';
import { createTestApp, TestApp } from './support/test-app';
import { WebhookReceivers } from './support/webhook-receiver';
import { waitUntil } from './support/wait-until';

type EventBody = { type: string; data: { object: { id: string }; previousAttributes?: Record<string, unknown> } };

/** `*.updated` events carry the changed fields' old values, as Stripe's `previous_attributes` (issue 15 §2). */
describe('data.previousAttributes of *.updated events', () => {
  let testApp: TestApp;
  let api: ApiClient;
  const receivers = new WebhookReceivers();

  /** The events of a type about one object, newest first. */
  const eventsAbout = async (type: string, id: string) =>
    ((await api.get(`/api/v1/events?type=${type}&limit=100`).expect(200)).body.data as EventBody[]).filter((event) => event.data.object.id === id);

  beforeAll(async () => {
    // A database of its own: on the shared one, the delivery queue holds every suite's deliveries (some
    // to receivers that never answer), and this suite's one delivery could wait behind them past its deadline.
    testApp = await createTestApp({ ownDatabase: true });
    api = apiAs(testApp.app, await createKey(testApp.app, { mode: 'test', scopes: ['customers:write', 'links:write', 'webhooks:write', 'events:read'] }));
  });
  afterAll(async () => {
    await testApp.close();
    await receivers.stopAll();
  });

  it('customer.updated: the old values of the fields that changed, and only those', async () => {
    const customer = (await api.post('/api/v1/customers', { name: 'Ada', metadata: { plan: 'free', team: 'x' } }).expect(201)).body;
    await api.patch(`/api/v1/customers/${customer.id}`, { name: 'Ada L.', email: 'ada@example.com', metadata: { plan: 'pro' } }).expect(200);
    await api.patch(`/api/v1/customers/${customer.id}`, { name: 'Ada L.' }).expect(200);

    const [unchanged, changed] = await eventsAbout('customer.updated', customer.id);
    expect(changed.data.previousAttributes).toEqual({ name: 'Ada', email: null, metadata: { plan: 'free', team: 'x' } });
    expect(changed.data.object).toMatchObject({ name: 'Ada L.', email: 'ada@example.com', metadata: { plan: 'pro', team: 'x' } });
    expect(unchanged.data.previousAttributes).toEqual({});
    expect((await eventsAbout('customer.created', customer.id))[0].data).not.toHaveProperty('previousAttributes');
  });

  it('payment_link.updated: the old price and name', async () => {
    const link = (await api.post('/api/v1/payment_links', { name: 'Shirt', amount: '25', currency: 'USDC' }).expect(201)).body;
    await api.patch(`/api/v1/payment_links/${link.id}`, { name: 'T-shirt', amount: '30' }).expect(200);
    const [updated] = await eventsAbout('payment_link.updated', link.id);
    expect(updated.data.previousAttributes).toEqual({ name: 'Shirt', amount: link.amount });
  });

  it('webhook_endpoint.updated: the old url, events, description and status; delivered in the webhook body too', async () => {
    const inbox = await receivers.start();
    await api.post('/api/v1/webhook_endpoints', { url: inbox.url, enabledEvents: ['webhook_endpoint.updated'] }).expect(201);
    const endpoint = (await api.post('/api/v1/webhook_endpoints', { url: 'http://localhost:4242/old', enabledEvents: ['customer.created'] }).expect(201)).body;
    await api
      .patch(`/api/v1/webhook_endpoints/${endpoint.id}`, { url: 'http://localhost:4242/new', enabledEvents: ['*'], description: 'New', status: 'disabled' })
      .expect(200);

    const [updated] = await eventsAbout('webhook_endpoint.updated', endpoint.id);
    expect(updated.data.previousAttributes).toEqual({
      url: 'http://localhost:4242/old',
      enabledEvents: ['customer.created'],
      description: null,
      status: 'enabled',
    });
    const delivered = () => inbox.received.map((webhook) => JSON.parse(webhook.body) as EventBody).find((event) => event.data.object.id === endpoint.id);
    await waitUntil(async () => delivered() !== undefined);
    expect(delivered()!.data.previousAttributes).toEqual(updated.data.previousAttributes);
  });
});
