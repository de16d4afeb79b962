import { randomUUID } from 'node:crypto';
import { createServer, Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import { createScratchDatabase, dropDatabase } from '../src/database/scratch-database';
import { WebhookDeliveryWorker } from '../src/webhooks/webhook-delivery-worker';
import { createKey, TestKey } from './factories/api-keys';
import { apiAs, ApiClient } from './support/api-client';
import { expectEnvelope } from './support/envelope';
import { createTestApp, TestApp } from './support/test-app';
import { testEnv } from './setup/test-env';
import { Received, WebhookReceivers } from './support/webhook-receiver';
import { waitUntil } from './support/wait-until';

const DELIVERY_ENV = { WEBHOOK_RETRY_SCHEDULE: '1,1', WEBHOOK_TIMEOUT_MS: '500' };
const SCOPES = ['webhooks:read', 'webhooks:write', 'customers:write'] as const;
const INTERNAL_PAGE = 'internal admin page: db password is hunter2';

interface Attempt {
  attempt: number;
  responseStatus: number | null;
  durationMs: number;
  responseBody: string | null;
  error: string | null;
}


/** An instance that serves requests but leaves delivery to the other instance on its database. */
class NoDeliveryWorker extends WebhookDeliveryWorker {
  override onApplicationBootstrap(): void {}
}

/**
 * Issue 11 §8: test-mode endpoints may target private and loopback addresses,
 * but what answers there is never read back through the delivery log; and an
 * operator can refuse such destinations in test mode too. On a database of its
 * own, so that its strict instance judges no other suite's deliveries.
 */
describe('test-mode webhooks to private addresses (issue 11 §8)', () => {
  let databaseUrl: string | undefined;
  let open: TestApp | undefined;
  let strict: TestApp | undefined;
  let key: TestKey;
  let api: ApiClient;
  let strictApi: ApiClient;
  const receivers = new WebhookReceivers();

  const receiver = () => receivers.start();
  const endpoint = async (url: string) =>
    (await api.post('/api/v1/webhook_endpoints', { url, enabledEvents: ['customer.created'] }).expect(201)).body as { id: string };
  const attemptsOf = async (endpointId: string, eventId: string) => {
    const list = (await api.get(`/api/v1/webhook_endpoints/${endpointId}/deliveries?limit=100`).expect(200)).body.data as { event: string; attempts: Attempt[] }[];
    return list.find((delivery) => delivery.event === eventId)?.attempts ?? [];
  };
  const about = (webhook: Received, name: string) => (JSON.parse(webhook.body) as { data: { object: { name?: string } } }).data.object.name === name;

  beforeAll(async () => {
    databaseUrl = await createScratchDatabase(testEnv('serverUrl'), 'private');
    // Two instances on one database: the default one, which delivers, and one whose operator refuses private test destinations.
    open = await createTestApp({ databaseUrl, env: DELIVERY_ENV });
    strict = await createTestApp({
      databaseUrl,
      env: { ...DELIVERY_ENV, WEBHOOK_TEST_PRIVATE_DESTINATIONS: 'false' },
      overrides: [{ provider: WebhookDeliveryWorker, useClass: NoDeliveryWorker }],
    });
    key = await createKey(open.app, { mode: 'test', scopes: [...SCOPES] });
    api = apiAs(open.app, key);
    strictApi = apiAs(strict.app, key);
  });
  afterAll(async () => {
    await Promise.all([open?.close(), strict?.close()]);
    await receivers.stopAll();
    if (databaseUrl) await dropDatabase(testEnv('serverUrl'), databaseUrl);
  });

  describe('by default', () => {
    it('records the status and timing of an answer from loopback, never its body: on the test route, a retry and from the worker', async () => {
      const inbox = await receiver();
      const name = `private-${randomUUID()}`;
      inbox.replyWith((webhook) => (about(webhook, name) ? { status: 500, body: Buffer.from(INTERNAL_PAGE) } : { status: 200, body: Buffer.from(INTERNAL_PAGE) }));
      const { id } = await endpoint(inbox.url);

      const tested = (await api.post(`/api/v1/webhook_endpoints/${id}/test`).expect(200)).body as { id: string; attempts: Attempt[] };
      const retried = (await api.post(`/api/v1/webhook_endpoints/${id}/deliveries/${tested.id}/retry`).expect(200)).body as { attempts: Attempt[] };
      await api.post('/api/v1/customers', { name }).expect(201);
      await waitUntil(() => inbox.received.filter((webhook) => about(webhook, name)).length >= 2);
      const eventId = inbox.received.find((webhook) => about(webhook, name))!.headers['webhook-id'] as string;
      await waitUntil(async () => (await attemptsOf(id, eventId)).length >= 2);

      for (const attempt of [...retried.attempts, ...(await attemptsOf(id, eventId))]) {
        expect(attempt).toEqual(expect.objectContaining({ responseStatus: expect.any(Number), durationMs: expect.any(Number), responseBody: null, error: null }));
      }
      expect(retried.attempts.map((a) => a.responseStatus)).toEqual([200, 200]);
      expect((await attemptsOf(id, eventId)).slice(0, 2).map((a) => a.responseStatus)).toEqual([500, 500]);
      const stored = await open!.app.get(DataSource).query(`SELECT count(*)::int AS n FROM webhook_deliveries WHERE attempt_log::text LIKE '%hunter2%'`);
      expect(stored[0].n).toBe(0);
    });

    it('still accepts loopback and private URLs in test mode', async () => {
      for (const url of ['http://127.0.0.1:9/hooks', 'http://localhost:9/hooks', 'http://10.0.0.8/hooks', 'http://[::1]:9/hooks']) {
        await api.post('/api/v1/webhook_endpoints', { url, enabledEvents: ['*'] }).expect(201);
      }
    });
  });

  describe('with WEBHOOK_TEST_PRIVATE_DESTINATIONS=false', () => {
    it.each([
      'http://127.0.0.1:9/hooks',
      'http://2130706433/hooks',
      'http://localhost:9/hooks',
      'http://10.0.0.8/hooks',
      'http://192.168.1.20:8080/hooks',
      'http://100.64.0.1/hooks',
      'http://169.254.169.254/latest/meta-data/',
      'http://[::1]:9/hooks',
      'http://[::ffff:127.0.0.1]/hooks',
      'http://[fd00::1]/hooks',
      'http://[fe80::1]/hooks',
      'http://no-such-host.invalid/hooks',
    ])('refuses %s in test mode at creation, with 400 naming url, like live mode', async (url) => {
      const refused = await strictApi.post('/api/v1/webhook_endpoints', { url, enabledEvents: ['*'] });
      expectEnvelope(refused, 400, 'invalid_request', 'parameter_invalid', 'url');
      expect(refused.body.error.message).toMatch(/public address|could not be resolved/);
    });

    it('still accepts a public address in test mode, over http too', async () => {
      await strictApi.post('/api/v1/webhook_endpoints', { url: 'http://93.184.216.34/hooks', enabledEvents: ['*'] }).expect(201);
    });

    it('refuses at delivery time, without connecting, an endpoint created while private destinations were allowed', async () => {
      let connections = 0;
      const trap: Server = createServer((socket) => {
        connections += 1;
        socket.destroy();
      });
      await new Promise<void>((resolve) => trap.listen(0, '127.0.0.1', resolve));
      try {
        const { id } = await endpoint(`http://127.0.0.1:${(trap.address() as AddressInfo).port}/hooks`);
        const tested = (await strictApi.post(`/api/v1/webhook_endpoints/${id}/test`).expect(200)).body as { attempts: Attempt[] };
        expect(tested.attempts[0]).toMatchObject({ responseStatus: null, responseBody: null, error: expect.stringContaining('public address') });
        expect(connections).toBe(0);
      } finally {
        await new Promise((resolve) => trap.close(resolve));
      }
    });
  });
});
