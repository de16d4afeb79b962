import { randomBytes } from 'node:crypto';
import { createServer, Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { DataSource } from 'typeorm';
import { newId } from '../src/common/ids/type-id';
import { createScratchDatabase, dropDatabase } from '../src/database/scratch-database';
import { DeliveryLeases } from '../src/webhooks/delivery-leases';
import { DeliveryPurger } from '../src/webhooks/delivery-purger';
import { SecretBox } from '../src/webhooks/secret-box';
import { apiAs, ApiClient } from './support/api-client';
import { createKey } from './factories/api-keys';
import { testEnv } from './setup/test-env';
import { createTestApp, TestApp } from './support/test-app';
import { WebhookReceiver, WebhookReceivers } from './support/webhook-receiver';
import { waitUntil } from './support/wait-until';

const SCOPES = ['webhooks:read', 'webhooks:write', 'customers:write', 'links:write', 'events:read'] as const;
const DELIVERY_ENV = { WEBHOOK_RETRY_SCHEDULE: '1,1', WEBHOOK_TIMEOUT_MS: '500' };

describe('webhook delivery (DESIGN.md §9)', () => {
  let testApp: TestApp;
  let test: ApiClient;
  let live: ApiClient;
  const receivers = new WebhookReceivers();

  const receiver = () => receivers.start();
  const endpoint = async (api: ApiClient, url: string, enabledEvents: string[] = ['*']) =>
    (await api.post('/api/v1/webhook_endpoints', { url, enabledEvents }).expect(201)).body as { id: string; secret: string };
  const deliveries = async (api: ApiClient, endpointId: string) =>
    (await api.get(`/api/v1/webhook_endpoints/${endpointId}/deliveries?limit=100`).expect(200)).body.data as {
      id: string;
      status: string;
      event: string;
      attempts: { attempt: number; responseStatus: number | null; error: string | null; responseBody: string | null }[];
    }[];

  beforeAll(async () => {
    // A database of its own: on the shared one, another suite's worker may claim these deliveries and
    // retry them on its own schedule, not DELIVERY_ENV's (seen in CI: the second attempt never came).
    testApp = await createTestApp({ ownDatabase: true, env: DELIVERY_ENV });
    test = apiAs(testApp.app, await createKey(testApp.app, { mode: 'test', scopes: [...SCOPES] }));
    live = apiAs(testApp.app, await createKey(testApp.app, { mode: 'live', scopes: [...SCOPES] }));
  });
  afterAll(async () => {
    await testApp.close();
    await receivers.stopAll();
  });

  it('delivers the event as GET /events/:id shows it, signed so standardwebhooks verifies it', async () => {
    const inbox = await receiver();
    const { secret } = await endpoint(test, inbox.url);
    const customer = (await test.post('/api/v1/customers', { name: 'Signed' }).expect(201)).body;
    const [webhook] = await inbox.waitFor(1);
    const verified = new Webhook(secret).verify(webhook.body, webhook.headers as Record<string, string>) as { id: string; data: { object: { id: string } } };
    expect(verified.data.object.id).toBe(customer.id);
    expect(webhook.headers['webhook-id']).toBe(verified.id);
    expect(JSON.parse(webhook.body)).toEqual((await test.get(`/api/v1/events/${verified.id}`).expect(200)).body);
    expect(() => new Webhook(secret).verify(webhook.body.replace('Signed', 'Forged'), webhook.headers as Record<string, string>)).toThrow();
  });

  it('sends only the event types an endpoint asked for, and only events of its mode', async () => {
    const [linksOnly, everything, liveInbox] = [await receiver(), await receiver(), await receiver()];
    await endpoint(test, linksOnly.url, ['payment_link.created']);
    await endpoint(test, everything.url, ['*']);
    await endpoint(live, `https://93.184.216.34/not-used`, ['*']);
    await endpoint(test, liveInbox.url, ['checkout_session.completed']);
    await test.post('/api/v1/customers', { name: 'Filtered' }).expect(201);
    const link = (await test.post('/api/v1/payment_links', { name: 'L', amount: '1', currency: 'USDC' }).expect(201)).body;
    const all = await everything.waitFor(2);
    await linksOnly.waitFor(1);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(linksOnly.received.map((w) => JSON.parse(w.body).type)).toEqual(['payment_link.created']);
    expect(JSON.parse(linksOnly.received[0].body).data.object.id).toBe(link.id);
    expect(all.map((w) => JSON.parse(w.body).type).sort()).toEqual(expect.arrayContaining(['customer.created', 'payment_link.created']));
    expect(liveInbox.received).toHaveLength(0);
  });

  it('retries a failed attempt on the schedule, with the same webhook-id, and records every attempt', async () => {
    const inbox = await receiver();
    inbox.answer(500);
    const { id } = await endpoint(test, inbox.url, ['customer.updated']);
    const customer = (await test.post('/api/v1/customers').expect(201)).body;
    await test.patch(`/api/v1/customers/${customer.id}`, { name: 'Retried' }).expect(200);
    const [first, second] = await inbox.waitFor(2, 8_000);
    expect(second.headers['webhook-id']).toBe(first.headers['webhook-id']);
    expect(second.at - first.at).toBeGreaterThanOrEqual(800);
    await waitUntil(async () => (await deliveries(test, id))[0]?.status === 'succeeded');
    const [delivery] = await deliveries(test, id);
    expect(delivery.attempts.map((a) => [a.attempt, a.responseStatus])).toEqual([
      [1, 500],
      [2, 200],
    ]);
    // The receiver is on loopback, whose answers are never stored (test/webhook-private-destinations.e2e-spec.ts).
    expect(delivery.attempts[0].responseBody).toBeNull();
  });

  it('gives up after the last attempt, and a 410 disables the endpoint at once', async () => {
    const failing = await receiver();
    failing.answer(503, 503, 503, 503);
    const { id: failingId } = await endpoint(test, failing.url, ['payment_link.created']);
    const gone = await receiver();
    gone.answer(410);
    const { id: goneId } = await endpoint(test, gone.url, ['payment_link.created']);
    await test.post('/api/v1/payment_links', { name: 'G', amount: '1', currency: 'USDC' }).expect(201);

    await waitUntil(async () => (await deliveries(test, goneId))[0]?.status === 'failed');
    expect((await test.get(`/api/v1/webhook_endpoints/${goneId}`).expect(200)).body.status).toBe('disabled');
    await waitUntil(async () => (await deliveries(test, failingId))[0]?.status === 'failed');
    expect((await deliveries(test, failingId))[0].attempts).toHaveLength(3);

    await test.post('/api/v1/payment_links', { name: 'H', amount: '1', currency: 'USDC' }).expect(201);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(gone.received).toHaveLength(1);
  });

  it('never follows a redirect, and times out a receiver that never answers', async () => {
    const elsewhere = await receiver();
    const redirecting = await receiver();
    redirecting.answer({ status: 302, location: elsewhere.url });
    const { id: redirectId } = await endpoint(test, redirecting.url);
    const silent = await receiver();
    silent.answer('hang');
    const { id: silentId } = await endpoint(test, silent.url);

    const redirected = (await test.post(`/api/v1/webhook_endpoints/${redirectId}/test`).expect(200)).body;
    expect(redirected.attempts[0]).toMatchObject({ responseStatus: 302 });
    expect(redirected.status).toBe('pending');
    const timedOut = (await test.post(`/api/v1/webhook_endpoints/${silentId}/test`).expect(200)).body;
    expect(timedOut.attempts[0]).toMatchObject({ responseStatus: null, error: expect.stringContaining('500 ms') });
    expect(timedOut.attempts[0].durationMs).toBeLessThan(2_000);
    expect(elsewhere.received).toHaveLength(0);
  });

  it('sends a test event to one endpoint now, lists it, and resends a delivery on request', async () => {
    const inbox = await receiver();
    const bystander = await receiver();
    await endpoint(test, bystander.url, ['*']);
    const { id, secret } = await endpoint(test, inbox.url, ['checkout_session.completed']);
    const sent = (await test.post(`/api/v1/webhook_endpoints/${id}/test`).expect(200)).body;
    expect(sent).toMatchObject({ object: 'webhook_delivery', endpoint: id, eventType: 'webhook_endpoint.test', status: 'succeeded' });
    const [webhook] = await inbox.waitFor(1);
    expect((new Webhook(secret).verify(webhook.body, webhook.headers as Record<string, string>) as { type: string }).type).toBe('webhook_endpoint.test');

    const resent = (await test.post(`/api/v1/webhook_endpoints/${id}/deliveries/${sent.id}/retry`).expect(200)).body;
    expect(resent.attempts).toHaveLength(2);
    await inbox.waitFor(2);
    expect(inbox.received[1].headers['webhook-id']).toBe(inbox.received[0].headers['webhook-id']);
    expect((await deliveries(test, id)).map((d) => d.id)).toEqual([sent.id]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(bystander.received.filter((w) => JSON.parse(w.body).type === 'webhook_endpoint.test')).toHaveLength(0);

    for (const response of [await live.post(`/api/v1/webhook_endpoints/${id}/test`), await live.get(`/api/v1/webhook_endpoints/${id}/deliveries`)]) {
      expect(response.status).toBe(404);
    }
    expect((await test.post(`/api/v1/webhook_endpoints/${id}/deliveries/${newId('whd')}/retry`)).status).toBe(404);
  });

  it('delivers again, with the same webhook-id, when a worker dies after the receiver said 200', async () => {
    const inbox = await receiver();
    const { id: endpointId } = await endpoint(test, inbox.url, ['customer.created']);
    const leases = testApp.app.get(DeliveryLeases);
    const record = leases.record.bind(leases);
    const endpointOf = async (deliveryId: string) =>
      ((await testApp.app.get(DataSource).query('SELECT endpoint_id FROM webhook_deliveries WHERE id = $1', [deliveryId])) as { endpoint_id: string }[])[0]
        .endpoint_id;
    let died = false;
    // Other endpoints' deliveries pass through too: only ours dies, once.
    const crash = jest.spyOn(leases, 'record').mockImplementation(async (deliveryId, ...rest) => {
      if (died || (await endpointOf(deliveryId)) !== endpointId) return record(deliveryId, ...rest);
      died = true;
      throw new Error('the worker died before marking the delivery');
    });
    await test.post('/api/v1/customers', { name: 'At least once' }).expect(201);
    const [first, again] = await inbox.waitFor(2, 8_000);
    crash.mockRestore();
    expect(again.headers['webhook-id']).toBe(first.headers['webhook-id']);
  });

  it('purges deliveries after 30 days, with their events', async () => {
    const inbox = await receiver();
    const { id } = await endpoint(test, inbox.url);
    const sent = (await test.post(`/api/v1/webhook_endpoints/${id}/test`).expect(200)).body;
    await testApp.app.get(DataSource).query(`UPDATE webhook_deliveries SET created_at = now() - interval '31 days' WHERE id = $1`, [sent.id]);
    expect(await testApp.app.get(DeliveryPurger).run()).toBeGreaterThanOrEqual(1);
    expect(await deliveries(test, id)).toEqual([]);
  });

  it('refuses private destinations again at delivery time in live mode, without connecting', async () => {
    let connections = 0;
    const trap: Server = createServer((socket) => {
      connections += 1;
      socket.destroy();
    });
    await new Promise<void>((resolve) => trap.listen(0, '127.0.0.1', resolve));
    const port = (trap.address() as AddressInfo).port;
    const dataSource = testApp.app.get(DataSource);
    const box = testApp.app.get(SecretBox);
    try {
      for (const host of ['127.1', '2130706433', '0x7f000001', '[::ffff:127.0.0.1]', '[::1]']) {
        const id = newId('we');
        await dataSource.query(
          `INSERT INTO webhook_endpoints (id, livemode, url, enabled_events, status, secret_ciphertext) VALUES ($1, true, $2, '{*}', 'enabled', $3)`,
          [id, `https://${host}:${port}/hooks`, box.encrypt(`whsec_${randomBytes(32).toString('base64')}`, id)],
        );
        const attempt = (await live.post(`/api/v1/webhook_endpoints/${id}/test`).expect(200)).body.attempts[0];
        expect({ host, responseStatus: attempt.responseStatus, error: attempt.error }).toEqual({
          host,
          responseStatus: null,
          error: expect.stringContaining('public address'),
        });
      }
      expect(connections).toBe(0);
    } finally {
      await new Promise((resolve) => trap.close(resolve));
    }
  });
});

/** A claim made by a worker that then stalled past the moment an attempt could still finish within its lease. */
class StalledClaims extends DeliveryLeases {
  override async claimDue(limit: number) {
    return { ...(await super.claimDue(limit)), sendBy: Date.now() - 1 };
  }
}

describe('webhook delivery by a stalled worker', () => {
  it('sends nothing once too late to finish within its lease, leaving the delivery pending for the next claim', async () => {
    const stalled = await createTestApp({ ownDatabase: true, env: DELIVERY_ENV, overrides: [{ provider: DeliveryLeases, useClass: StalledClaims }] });
    const inbox = await WebhookReceiver.start();
    try {
      const api = apiAs(stalled.app, await createKey(stalled.app, { mode: 'test', scopes: ['webhooks:write', 'webhooks:read', 'customers:write'] }));
      const { id: endpointId } = (await api.post('/api/v1/webhook_endpoints', { url: inbox.url, enabledEvents: ['customer.created'] }).expect(201)).body;
      await api.post('/api/v1/customers', { name: 'Late' }).expect(201);
      const dataSource = stalled.app.get(DataSource);
      await waitUntil(async () => (await dataSource.query(`SELECT 1 FROM webhook_deliveries WHERE lease_until IS NOT NULL`)).length > 0);
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(inbox.received).toHaveLength(0);
      const [delivery] = (await api.get(`/api/v1/webhook_endpoints/${endpointId}/deliveries`).expect(200)).body.data;
      expect(delivery).toMatchObject({ status: 'pending', attempts: [] });
    } finally {
      await stalled.close();
      await inbox.stop();
    }
  });
});

describe('webhook delivery across instances', () => {
  it('two instances draining 1,000 events deliver each exactly once', async () => {
    // A generous attempt timeout: on a loaded machine a 500 ms one expires now and then, and the retry
    // that follows is a legitimate second delivery — this test is about claims, not timeouts.
    const env = { ...DELIVERY_ENV, WEBHOOK_TIMEOUT_MS: '10000' };
    // A database of their own: other suites' workers (with their short leases) must not claim these deliveries.
    const databaseUrl = await createScratchDatabase(testEnv('serverUrl'), 'drain');
    // One after the other: the first migrates the new database.
    const first = await createTestApp({ databaseUrl, env });
    const second = await createTestApp({ databaseUrl, env });
    const inbox = await WebhookReceiver.start();
    try {
      const api = apiAs(first.app, await createKey(first.app, { mode: 'test', scopes: ['webhooks:write'] }));
      const { id: endpointId } = (await api.post('/api/v1/webhook_endpoints', { url: inbox.url, enabledEvents: ['customer.created'] }).expect(201)).body;
      const events = Array.from({ length: 1_000 }, () => newId('evt'));
      await first.app.get(DataSource).query(
        `WITH e AS (
           INSERT INTO events (id, livemode, type, data) SELECT id, false, 'customer.created', '{"object":{}}' FROM unnest($1::text[]) AS id RETURNING id)
         INSERT INTO webhook_deliveries (id, livemode, endpoint_id, event_id, event_type, status, next_attempt_at)
         SELECT 'whd_' || md5(e.id), false, $2, e.id, 'customer.created', 'pending', now() FROM e`,
        [events, endpointId],
      );
      await inbox.waitFor(1_000, 40_000);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      const ids = inbox.received.map((w) => w.headers['webhook-id']);
      expect(ids).toHaveLength(1_000);
      expect(new Set(ids).size).toBe(1_000);
    } finally {
      await Promise.all([first.close(), second.close()]);
      await inbox.stop();
      await dropDatabase(testEnv('serverUrl'), databaseUrl);
    }
  }, 90_000);
});
