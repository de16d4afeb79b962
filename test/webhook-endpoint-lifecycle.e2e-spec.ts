import { newId } from '../src/common/ids/type-id';
import { createKey } from './factories/api-keys';
import { apiAs, ApiClient } from './support/api-client';
import { expectEnvelope } from './support/envelope';
import { createTestApp, TestApp } from './support/test-app';
import { WebhookReceivers } from './support/webhook-receiver';
import { waitUntil } from './support/wait-until';

const PATH = '/api/v1/webhook_endpoints';
const PUBLIC_URL = 'https://93.184.216.34/hooks';
const SCOPES = ['webhooks:read', 'webhooks:write', 'links:write', 'events:read'] as const;

describe('webhook endpoint lifecycle: update (issue 15 §2)', () => {
  let testApp: TestApp;
  let test: ApiClient;
  let live: ApiClient;
  const receivers = new WebhookReceivers();

  const endpoint = async (api: ApiClient, url: string, enabledEvents: string[] = ['customer.created']) =>
    (await api.post(PATH, { url, enabledEvents, description: 'Before' }).expect(201)).body as { id: string; secret: string };
  const eventsAbout = async (api: ApiClient, type: string, id: string) =>
    ((await api.get(`/api/v1/events?type=${type}&limit=100`).expect(200)).body.data as { data: { object: { id: string } } }[]).filter(
      (event) => event.data.object.id === id,
    );

  beforeAll(async () => {
    testApp = await createTestApp({ env: { WEBHOOK_RETRY_SCHEDULE: '1,1', WEBHOOK_TIMEOUT_MS: '500' } });
    test = apiAs(testApp.app, await createKey(testApp.app, { mode: 'test', scopes: [...SCOPES] }));
    live = apiAs(testApp.app, await createKey(testApp.app, { mode: 'live', scopes: [...SCOPES] }));
  });
  afterAll(async () => {
    await testApp.close();
    await receivers.stopAll();
  });

  it('updates url, enabledEvents and description, records webhook_endpoint.updated, and never shows the secret', async () => {
    const { id, secret } = await endpoint(test, 'http://localhost:4242/a');
    const updated = await test
      .patch(`${PATH}/${id}`, { url: 'http://localhost:4242/b', enabledEvents: ['*'], description: 'After' })
      .expect(200);
    expect(updated.body).toMatchObject({ id, object: 'webhook_endpoint', url: 'http://localhost:4242/b', enabledEvents: ['*'], description: 'After', status: 'enabled' });
    expect(updated.body).not.toHaveProperty('secret');
    expect((await test.get(`${PATH}/${id}`).expect(200)).body).toEqual(updated.body);

    const [event] = await eventsAbout(test, 'webhook_endpoint.updated', id);
    expect(event.data.object).toEqual(updated.body);
    expect(JSON.stringify(event)).not.toContain(secret.slice('whsec_'.length));
  });

  it('changes only the fields sent', async () => {
    const { id } = await endpoint(test, 'http://localhost:4242/c', ['customer.created', 'payment_link.created']);
    const updated = (await test.patch(`${PATH}/${id}`, { description: 'Only this' }).expect(200)).body;
    expect(updated).toMatchObject({ url: 'http://localhost:4242/c', enabledEvents: ['customer.created', 'payment_link.created'], description: 'Only this' });
  });

  it('checks a new url under the rules of create: private and plain-http destinations are refused in live mode', async () => {
    const { id } = await endpoint(live, PUBLIC_URL);
    for (const url of ['https://127.0.0.1/hooks', 'https://10.0.0.1/hooks', 'http://93.184.216.34/hooks', 'not a url']) {
      expectEnvelope(await live.patch(`${PATH}/${id}`, { url }), 400, 'invalid_request', 'parameter_invalid', 'url');
    }
    expect((await live.get(`${PATH}/${id}`).expect(200)).body.url).toBe(PUBLIC_URL);
    expect((await live.patch(`${PATH}/${id}`, { url: 'https://93.184.216.35/hooks' }).expect(200)).body.url).toBe('https://93.184.216.35/hooks');
  });

  it('refuses null, unknown fields and bad values; answers 404 for another mode or an unknown id', async () => {
    const { id } = await endpoint(test, 'http://localhost:4242/d');
    expectEnvelope(await test.patch(`${PATH}/${id}`, { description: null }), 400, 'invalid_request', 'parameter_invalid', 'description');
    expectEnvelope(await test.patch(`${PATH}/${id}`, { status: 'paused' }), 400, 'invalid_request', 'parameter_invalid', 'status');
    expectEnvelope(await test.patch(`${PATH}/${id}`, { enabledEvents: ['*', 'customer.created'] }), 400, 'invalid_request', 'parameter_invalid', 'enabledEvents');
    expect((await test.patch(`${PATH}/${id}`, { secret: 'x' })).status).toBe(400);
    expect((await live.patch(`${PATH}/${id}`, { description: 'x' })).status).toBe(404);
    expect((await test.patch(`${PATH}/${newId('we')}`, { url: 'http://localhost:4242/e' })).status).toBe(404);
    expect((await test.get(`${PATH}/${id}`).expect(200)).body.description).toBe('Before');
  });

  it('replays an update sent again with the same Idempotency-Key, recording one event', async () => {
    const { id } = await endpoint(test, 'http://localhost:4242/f');
    const send = () => test.patch(`${PATH}/${id}`, { url: 'http://localhost:4242/g' }).set('Idempotency-Key', `patch-${id}`);
    const first = await send().expect(200);
    const replay = await send().expect(200);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body).toEqual(first.body);
    expect(await eventsAbout(test, 'webhook_endpoint.updated', id)).toHaveLength(1);
  });

  it('enables again an endpoint a 410 Gone disabled, and events reach it again; disabling stops them', async () => {
    const inbox = await receivers.start();
    inbox.answer(410);
    const { id } = await endpoint(test, inbox.url, ['payment_link.created']);
    await test.post('/api/v1/payment_links', { name: 'Gone', amount: '1', currency: 'USDC' }).expect(201);
    await waitUntil(async () => (await test.get(`${PATH}/${id}`).expect(200)).body.status === 'disabled');

    expect((await test.patch(`${PATH}/${id}`, { status: 'enabled' }).expect(200)).body.status).toBe('enabled');
    const link = (await test.post('/api/v1/payment_links', { name: 'Back', amount: '1', currency: 'USDC' }).expect(201)).body;
    const [, webhook] = await inbox.waitFor(2);
    expect(JSON.parse(webhook.body).data.object.id).toBe(link.id);

    await test.patch(`${PATH}/${id}`, { status: 'disabled' }).expect(200);
    await test.post('/api/v1/payment_links', { name: 'Off', amount: '1', currency: 'USDC' }).expect(201);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(inbox.received).toHaveLength(2);
  });
});
