import { Webhook } from 'standardwebhooks';
import { DataSource } from 'typeorm';
import { newId } from '../src/common/ids/type-id';
import { WebhookEndpointsService } from '../src/webhooks/webhook-endpoints.service';
import { createKey } from './factories/api-keys';
import { apiAs, ApiClient } from './support/api-client';
import { expectEnvelope } from './support/envelope';
import { createTestApp, TestApp } from './support/test-app';
import { Received, WebhookReceivers } from './support/webhook-receiver';
import { waitUntil } from './support/wait-until';

const PATH = '/api/v1/webhook_endpoints';
const PUBLIC_URL = 'https://93.184.216.34/hooks';
const SCOPES = ['webhooks:read', 'webhooks:write', 'links:write', 'events:read'] as const;

describe('webhook endpoint lifecycle: update and secret roll (issue 15 §2)', () => {
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
    // A database of its own: every app's worker claims from the queue it shares, on its own schedule.
    testApp = await createTestApp({ ownDatabase: true, env: { WEBHOOK_RETRY_SCHEDULE: '1,1', WEBHOOK_TIMEOUT_MS: '500' } });
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

  describe('roll_secret', () => {
    const verifies = (secret: string, webhook: Received) => {
      try {
        new Webhook(secret).verify(webhook.body, webhook.headers as Record<string, string>);
        return true;
      } catch {
        return false;
      }
    };
    /** Sends the endpoint a test event now and returns the webhook as received. */
    const sendTest = async (id: string, inbox: { received: Received[]; waitFor(count: number): Promise<Received[]> }) => {
      const count = inbox.received.length + 1;
      await test.post(`${PATH}/${id}/test`).expect(200);
      return (await inbox.waitFor(count))[count - 1];
    };
    const signatures = (webhook: Received) => String(webhook.headers['webhook-signature']).split(' ');

    it('returns a new secret once; both secrets sign deliveries until the overlap ends, then only the new one', async () => {
      const inbox = await receivers.start();
      const { id, secret: old } = await endpoint(test, inbox.url, ['payment_link.created']);
      const before = Date.now();
      const rolled = await test.post(`${PATH}/${id}/roll_secret`, { expiresInHours: 24 }).expect(200);
      expect(rolled.headers['cache-control']).toBe('no-store');
      expect(rolled.body).toMatchObject({ id, object: 'webhook_endpoint', secret: expect.stringMatching(/^whsec_[A-Za-z0-9+/]{43}=$/) });
      const fresh = rolled.body.secret as string;
      expect(fresh).not.toBe(old);
      const expiresAt = Date.parse(rolled.body.previousSecretExpiresAt);
      expect(expiresAt).toBeGreaterThanOrEqual(before + 24 * 3_600_000);
      expect(expiresAt).toBeLessThanOrEqual(Date.now() + 24 * 3_600_000);

      const retrieved = (await test.get(`${PATH}/${id}`).expect(200)).body;
      expect(retrieved).not.toHaveProperty('secret');
      expect(retrieved.previousSecretExpiresAt).toBe(rolled.body.previousSecretExpiresAt);
      expect(await testApp.app.get(WebhookEndpointsService).signingSecret('test', id)).toBe(fresh);

      const during = await sendTest(id, inbox);
      expect(signatures(during)).toHaveLength(2);
      expect(verifies(old, during)).toBe(true);
      expect(verifies(fresh, during)).toBe(true);

      await testApp.app.get(DataSource).query(`UPDATE webhook_endpoints SET previous_secret_expires_at = now() - interval '1 second' WHERE id = $1`, [id]);
      const after = await sendTest(id, inbox);
      expect(signatures(after)).toHaveLength(1);
      expect(verifies(fresh, after)).toBe(true);
      expect(verifies(old, after)).toBe(false);
    });

    it('with expiresInHours 0 the old secret stops at once; a second roll drops the first secret and keeps the second', async () => {
      const inbox = await receivers.start();
      const { id, secret: first } = await endpoint(test, inbox.url, ['payment_link.created']);
      const now = (await test.post(`${PATH}/${id}/roll_secret`, { expiresInHours: 0 }).expect(200)).body;
      expect(now.previousSecretExpiresAt).toBeNull();
      const alone = await sendTest(id, inbox);
      expect(signatures(alone)).toHaveLength(1);
      expect(verifies(now.secret, alone)).toBe(true);
      expect(verifies(first, alone)).toBe(false);

      const third = (await test.post(`${PATH}/${id}/roll_secret`, { expiresInHours: 1 }).expect(200)).body.secret as string;
      const overlap = await sendTest(id, inbox);
      expect(verifies(third, overlap)).toBe(true);
      expect(verifies(now.secret, overlap)).toBe(true);
      expect(verifies(first, overlap)).toBe(false);
    });

    it('keeps both secrets encrypted, out of events and logs; a replay answers secret: null and rolls nothing', async () => {
      const { id, secret: old } = await endpoint(test, 'http://localhost:4242/roll');
      const roll = () => test.post(`${PATH}/${id}/roll_secret`, { expiresInHours: 2 }).set('Idempotency-Key', `roll-${id}`);
      const first = await roll().expect(200);
      const replay = await roll().expect(200);
      expect(replay.headers['idempotent-replayed']).toBe('true');
      expect(replay.headers['idempotent-replay-omitted']).toBe('secret');
      const { secret: fresh, ...rest } = first.body as { secret: string };
      expect(replay.body).toEqual({ ...rest, secret: null });
      expect(await testApp.app.get(WebhookEndpointsService).signingSecret('test', id)).toBe(fresh);

      const events = await eventsAbout(test, 'webhook_endpoint.secret_rolled', id);
      expect(events).toHaveLength(1);
      expect(events[0].data.object).toEqual(rest);

      const [row] = await testApp.app.get(DataSource).query('SELECT * FROM webhook_endpoints WHERE id = $1', [id]);
      expect(row.previous_secret_ciphertext).toMatch(/^v1:[^:]+:[^:]+:[^:]+$/);
      const [record] = await testApp.app.get(DataSource).query('SELECT * FROM idempotency_records WHERE key = $1', [`roll-${id}`]);
      for (const secret of [old, fresh]) {
        const key = secret.slice('whsec_'.length);
        for (const text of [JSON.stringify(row), JSON.stringify(record), JSON.stringify(events), JSON.stringify(testApp.logs.lines)]) {
          expect(text).not.toContain(key);
        }
      }
    });

    it('refuses a missing or out-of-range expiresInHours, and answers 404 for another mode', async () => {
      const { id } = await endpoint(test, 'http://localhost:4242/bad-roll');
      expectEnvelope(await test.post(`${PATH}/${id}/roll_secret`, {}), 400, 'invalid_request', 'parameter_missing', 'expiresInHours');
      for (const body of [{ expiresInHours: -1 }, { expiresInHours: 169 }, { expiresInHours: 1.5 }, { expiresInHours: '1' }, { expiresInHours: null }]) {
        expectEnvelope(await test.post(`${PATH}/${id}/roll_secret`, body), 400, 'invalid_request', 'parameter_invalid', 'expiresInHours');
      }
      expect((await live.post(`${PATH}/${id}/roll_secret`, { expiresInHours: 1 })).status).toBe(404);
      expect((await test.get(`${PATH}/${id}`).expect(200)).body.previousSecretExpiresAt).toBeNull();
    });
  });
});
