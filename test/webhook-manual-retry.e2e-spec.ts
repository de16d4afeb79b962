import { randomBytes } from 'node:crypto';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import { newId } from '../src/common/ids/type-id';
import { createScratchDatabase, dropDatabase } from '../src/database/scratch-database';
import { SecretBox } from '../src/webhooks/secret-box';
import { WebhookDeliveryWorker } from '../src/webhooks/webhook-delivery-worker';
import { apiAs, ApiClient } from './support/api-client';
import { createKey } from './factories/api-keys';
import { createTestApp, TestApp } from './support/test-app';
import { testEnv } from './setup/test-env';
import { waitUntil as waitUntilHolds } from './support/wait-until';

/** Answers each webhook as `reply(webhookId, nth receipt of that id)` says, after it resolves; counts receipts per id. */
class ScriptedReceiver {
  readonly receipts = new Map<string, number>();
  private server!: Server;

  constructor(private readonly reply: (webhookId: string, nth: number) => number | Promise<number>) {}

  async start(): Promise<this> {
    this.server = createServer((request, response) => {
      request.resume();
      request.on('end', () => {
        const id = String(request.headers['webhook-id']);
        const nth = (this.receipts.get(id) ?? 0) + 1;
        this.receipts.set(id, nth);
        void Promise.resolve(this.reply(id, nth)).then((status) => response.writeHead(status).end());
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return this;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

interface DeliveryRow {
  status: string;
  attempts: number;
  attempt_log: { attempt: number; responseStatus: number | null }[];
  lease_until: Date | null;
  next_attempt_at: Date | null;
}

/**
 * Issue 11 §7: a manual retry claims the delivery as the worker does, attempt
 * logs are appended in SQL, a succeeded delivery stays succeeded, and a retry
 * during an attempt is a 409 — never a second, concurrent send.
 */
describe('manual retry of a webhook delivery', () => {
  let testApp: TestApp;
  let api: ApiClient;
  let dataSource: DataSource;
  let worker: WebhookDeliveryWorker;
  const receivers: ScriptedReceiver[] = [];
  let databaseUrl: string | undefined;

  const receiver = async (reply: (webhookId: string, nth: number) => number | Promise<number>) => {
    const started = await new ScriptedReceiver(reply).start();
    receivers.push(started);
    return started;
  };
  const endpointFor = async (url: string) =>
    (await api.post('/api/v1/webhook_endpoints', { url, enabledEvents: ['payment_link.archived'] }).expect(201)).body.id as string;
  /** A delivery due now, as the outbox writes it. */
  const dueDelivery = async (endpointId: string): Promise<{ id: string; eventId: string }> => {
    const eventId = newId('evt');
    const id = newId('whd');
    // A payment link as the API shows it: openapi.yaml types `data.object` by its `object` field, and other suites list events.
    const link = { id: newId('plink'), object: 'payment_link', livemode: false, name: 'Fixture', amount: '1.00', currency: 'USDC', active: false, url: 'https://pay.example.com/l/x', metadata: {}, createdAt: new Date().toISOString() };
    await dataSource.query(`INSERT INTO events (id, livemode, type, data) VALUES ($1, false, 'payment_link.archived', $2)`, [eventId, JSON.stringify({ object: link })]);
    await dataSource.query(
      `INSERT INTO webhook_deliveries (id, livemode, endpoint_id, event_id, event_type, status, next_attempt_at)
       VALUES ($1, false, $2, $3, 'payment_link.archived', 'pending', now())`,
      [id, endpointId, eventId],
    );
    return { id, eventId };
  };
  const row = async (id: string): Promise<DeliveryRow> =>
    ((await dataSource.query('SELECT status, attempts, attempt_log, lease_until, next_attempt_at FROM webhook_deliveries WHERE id = $1', [id])) as DeliveryRow[])[0];
  const retry = (endpointId: string, deliveryId: string) => api.post(`/api/v1/webhook_endpoints/${endpointId}/deliveries/${deliveryId}/retry`);
  const waitUntil = (check: () => boolean | Promise<boolean>) => waitUntilHolds(check, { timeoutMs: 5_000, intervalMs: 20 });

  // On a database of its own: the worker it drives must meet no other suite's deliveries.
  beforeAll(async () => {
    databaseUrl = await createScratchDatabase(testEnv('serverUrl'), 'retry');
    testApp = await createTestApp({ databaseUrl, env: { WEBHOOK_RETRY_SCHEDULE: '3600', WEBHOOK_TIMEOUT_MS: '5000' } });
    api = apiAs(testApp.app, await createKey(testApp.app, { mode: 'test', scopes: ['webhooks:write', 'webhooks:read'] }));
    dataSource = testApp.app.get(DataSource);
    worker = testApp.app.get(WebhookDeliveryWorker);
    // Every test drives the worker itself and counts what one run claimed: the app's own timer would race it.
    await worker.stop();
  });
  afterAll(async () => {
    await testApp.close();
    await Promise.all(receivers.map((r) => r.stop()));
    if (databaseUrl) await dropDatabase(testEnv('serverUrl'), databaseUrl);
  });

  it('races the worker 50 times: every send is recorded, none is lost, never a third send', async () => {
    const failFirst = new Set<string>();
    // A short pause keeps both sides in flight together; some first sends fail, so a second send is legitimate.
    const inbox = await receiver(async (id, nth) => {
      await new Promise((resolve) => setTimeout(resolve, 15));
      return nth === 1 && failFirst.has(id) ? 503 : 200;
    });
    const endpointId = await endpointFor(inbox.url);

    /** Until nobody holds the delivery and it is not due: a failed manual send leaves it due, for the worker. */
    const settle = (id: string) =>
      waitUntil(async () => {
        const now = await row(id);
        if (now.lease_until !== null) return false;
        if (now.status !== 'pending' || now.next_attempt_at! > new Date()) return true;
        await worker.run();
        return false;
      });

    const outcomes: { status: number; code?: string }[] = [];
    for (let round = 0; round < 50; round += 1) {
      const delivery = await dueDelivery(endpointId);
      if (round % 3 === 0) failFirst.add(delivery.eventId);
      // The worker starts a little later each round, so either side claims first in some rounds.
      const workerDelayMs = (round * 7) % 50;
      const [retried] = await Promise.all([
        retry(endpointId, delivery.id).then((response) => response),
        new Promise((resolve) => setTimeout(resolve, workerDelayMs)).then(() => worker.run()),
      ]);
      outcomes.push({ status: retried.status, code: retried.body.error?.code });
      await settle(delivery.id);

      const recorded = await row(delivery.id);
      const sent = inbox.receipts.get(delivery.eventId) ?? 0;
      expect({ round, sent, recorded: recorded.attempt_log.length, attempts: recorded.attempts }).toEqual({ round, sent, recorded: sent, attempts: sent });
      expect(recorded.attempt_log.map((attempt) => attempt.attempt)).toEqual(Array.from({ length: sent }, (_, i) => i + 1));
      expect(sent).toBeGreaterThanOrEqual(1);
      expect(sent).toBeLessThanOrEqual(2);
      const answered = recorded.attempt_log.some((attempt) => attempt.responseStatus === 200);
      expect({ round, status: recorded.status }).toEqual({ round, status: answered ? 'succeeded' : 'pending' });
    }
    for (const outcome of outcomes) expect([200, 409]).toContain(outcome.status);
    for (const conflict of outcomes.filter((o) => o.status === 409)) expect(conflict.code).toBe('state_conflict');
  }, 120_000);

  it('goes on with the batch when one delivery cannot be signed here, and leaves that one to its lease', async () => {
    const inbox = await receiver(() => 200);
    const [good, unreadable] = [await endpointFor(inbox.url), await endpointFor(inbox.url)];
    // A secret sealed under another WEBHOOK_SECRET_KEY, as an instance with the wrong key would see it.
    const sealedElsewhere = new SecretBox(randomBytes(32)).encrypt('whsec_elsewhere', unreadable);
    await dataSource.query(`UPDATE webhook_endpoints SET secret_ciphertext = $2 WHERE id = $1`, [unreadable, sealedElsewhere]);
    const [stuck, delivered] = [await dueDelivery(unreadable), await dueDelivery(good)];
    try {
      await expect(worker.run()).resolves.toBeGreaterThanOrEqual(2);
      await waitUntil(async () => (await row(delivered.id)).status === 'succeeded');
      expect(await row(stuck.id)).toMatchObject({ status: 'pending', attempts: 0 });
      expect(testApp.logs.lines.find((line) => line.deliveryId === stuck.id)).toMatchObject({
        level: 50,
        msg: expect.stringContaining('could not be signed or sent'),
      });
    } finally {
      await dataSource.query('DELETE FROM webhook_deliveries WHERE id = $1', [stuck.id]);
    }
  });

  it('answers a retry during an attempt with 409 state_conflict, sends nothing, and leaves the lease to its holder', async () => {
    let release!: () => void;
    const held = new Promise<number>((resolve) => (release = () => resolve(200)));
    const inbox = await receiver(() => held);
    const endpointId = await endpointFor(inbox.url);
    const delivery = await dueDelivery(endpointId);

    const working = worker.run();
    await waitUntil(() => inbox.receipts.get(delivery.eventId) === 1);
    const leased = await row(delivery.id);
    expect(leased.lease_until).not.toBeNull();

    const conflict = await retry(endpointId, delivery.id).expect(409);
    expect(conflict.body.error).toMatchObject({ type: 'invalid_request', code: 'state_conflict', message: expect.stringContaining('being attempted right now') });
    expect((await row(delivery.id)).lease_until).toEqual(leased.lease_until);
    expect(inbox.receipts.get(delivery.eventId)).toBe(1);

    release();
    await working;
    expect(await row(delivery.id)).toMatchObject({ status: 'succeeded', attempts: 1, lease_until: null });
  });

  it('keeps a succeeded delivery succeeded when a resend fails, adding the attempt', async () => {
    const inbox = await receiver((_id, nth) => (nth === 1 ? 200 : 500));
    const endpointId = await endpointFor(inbox.url);
    const delivery = await dueDelivery(endpointId);
    await worker.run();
    await waitUntil(async () => (await row(delivery.id)).status === 'succeeded');

    const resent = await retry(endpointId, delivery.id).expect(200);
    expect(resent.body).toMatchObject({ status: 'succeeded', nextAttemptAt: null });
    expect(resent.body.attempts.map((a: { attempt: number; responseStatus: number }) => [a.attempt, a.responseStatus])).toEqual([
      [1, 200],
      [2, 500],
    ]);
    expect(await row(delivery.id)).toMatchObject({ status: 'succeeded', attempts: 2, lease_until: null });
  });

  it('leaves a pending delivery on its schedule when a resend fails, and ends it when a resend succeeds', async () => {
    const inbox = await receiver((_id, nth) => (nth <= 2 ? 503 : 200));
    const endpointId = await endpointFor(inbox.url);
    const delivery = await dueDelivery(endpointId);
    await worker.run();
    const scheduled = await row(delivery.id);
    expect(scheduled).toMatchObject({ status: 'pending', attempts: 1 });

    const failed = await retry(endpointId, delivery.id).expect(200);
    expect(failed.body).toMatchObject({ status: 'pending', nextAttemptAt: scheduled.next_attempt_at!.toISOString() });
    const succeeded = await retry(endpointId, delivery.id).expect(200);
    expect(succeeded.body).toMatchObject({ status: 'succeeded', nextAttemptAt: null });
    expect(succeeded.body.attempts.map((a: { responseStatus: number }) => a.responseStatus)).toEqual([503, 503, 200]);
  });
});
