import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Webhook } from 'standardwebhooks';
import { apiAs, ApiClient } from './support/api-client';
import { createKey } from './factories/api-keys';
import { createTestApp, TestApp } from './support/test-app';
import { WebhookReceiver } from './support/webhook-receiver';

/**
 * Issue 11 §8: the signing secret is shown once and never stored, so a replay
 * of the create cannot show it — and says so, instead of a redacted value
 * that looks like a secret.
 */
describe('replaying POST /api/v1/webhook_endpoints', () => {
  let testApp: TestApp;
  let api: ApiClient;

  beforeAll(async () => {
    testApp = await createTestApp();
    api = apiAs(testApp.app, await createKey(testApp.app, { mode: 'test', scopes: ['webhooks:write', 'webhooks:read'] }));
  });
  afterAll(() => testApp.close());

  it('answers secret: null and names it in Idempotent-Replay-Omitted; the record never holds the secret', async () => {
    const idempotencyKey = randomUUID();
    const create = () =>
      api.post('/api/v1/webhook_endpoints', { url: 'http://localhost:4242/hooks', enabledEvents: ['*'] }).set('Idempotency-Key', idempotencyKey);
    const first = await create().expect(201);
    const secret = first.body.secret as string;
    expect(secret).toMatch(/^whsec_/);
    expect(first.headers['idempotent-replay-omitted']).toBeUndefined();

    const replay = await create().expect(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.headers['idempotent-replay-omitted']).toBe('secret');
    expect(replay.headers['cache-control']).toBe('no-store');
    expect(replay.body).toEqual({ ...first.body, secret: null });

    const [record] = (await testApp.app.get(DataSource).query('SELECT * FROM idempotency_records WHERE key = $1', [idempotencyKey])) as Record<string, unknown>[];
    expect(record.omitted_fields).toEqual(['secret']);
    expect(JSON.stringify(record)).not.toContain(secret.slice('whsec_'.length, 20));
    expect(JSON.stringify(record)).not.toContain('whsec_');
  });

  it('gives a usable secret again by deleting the endpoint and creating it anew', async () => {
    const inbox = await WebhookReceiver.start();
    try {
      const idempotencyKey = randomUUID();
      const body = { url: inbox.url, enabledEvents: ['*'] };
      const { id } = (await api.post('/api/v1/webhook_endpoints', body).set('Idempotency-Key', idempotencyKey).expect(201)).body;
      expect((await api.post('/api/v1/webhook_endpoints', body).set('Idempotency-Key', idempotencyKey).expect(201)).body.secret).toBeNull();

      await api.delete(`/api/v1/webhook_endpoints/${id}`).expect(200);
      const recreated = (await api.post('/api/v1/webhook_endpoints', body).set('Idempotency-Key', randomUUID()).expect(201)).body;
      await api.post(`/api/v1/webhook_endpoints/${recreated.id}/test`).expect(200);
      const [webhook] = await inbox.waitFor(1);
      expect(() => new Webhook(recreated.secret).verify(webhook.body, webhook.headers as Record<string, string>)).not.toThrow();
    } finally {
      await inbox.stop();
    }
  });
});
