import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { DataSource } from 'typeorm';
import { createScratchDatabase, dropDatabase } from '../src/database/scratch-database';
import { DestinationPolicy } from '../src/webhooks/destination-policy';
import { storableAnswer } from '../src/webhooks/storable-text';
import { createKey } from './factories/api-keys';
import { apiAs, ApiClient } from './support/api-client';
import { LoopbackCountsAsPublic } from './support/loopback-counts-as-public';
import { createTestApp, TestApp } from './support/test-app';
import { testEnv } from './setup/test-env';
import { Received, WebhookReceiver, WebhookReceivers } from './support/webhook-receiver';
import { waitUntil } from './support/wait-until';

// Attempts time out after 500 ms, so a claim's lease (twice that, at least 1 s) runs out after 1 s.
const DELIVERY_ENV = { WEBHOOK_RETRY_SCHEDULE: '1,1', WEBHOOK_TIMEOUT_MS: '500' };
const LEASE_MS = 1_000;
const FFFD = '\uFFFD';

interface Attempt {
  attempt: number;
  responseStatus: number | null;
  durationMs: number;
  responseBody: string | null;
  error: string | null;
}
interface Delivery {
  id: string;
  event: string;
  status: string;
  attempts: Attempt[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const answer = (status: number, body: Buffer | string) => ({ status, body: Buffer.isBuffer(body) ? body : Buffer.from(body) });

/**
 * Issue 11 §4: whatever bytes a receiver answers with are stored, and the
 * retry schedule holds. The app counts 127.0.0.1 as public here (the one
 * seam: a test machine has no public address), so answers are stored as they
 * would be from a merchant's public receiver. It runs on a database of its
 * own, so no other suite's worker (which would not store these answers)
 * delivers its events, and its worker delivers no other suite's.
 */
describe('a receiver answering with any bytes (issue 11 §4)', () => {
  let databaseUrl: string | undefined;
  let testApp: TestApp | undefined;
  let api: ApiClient;
  const receivers = new WebhookReceivers();

  const receiver = () => receivers.start();
  const endpoint = async (url: string) =>
    (await api.post('/api/v1/webhook_endpoints', { url, enabledEvents: ['customer.created'] }).expect(201)).body as { id: string };
  /** A customer whose name tags the webhooks about it: each test's events reach the earlier tests' endpoints too. */
  const newCustomer = async (name = `answered-${randomUUID()}`) => (await api.post('/api/v1/customers', { name }).expect(201)).body as { id: string; name: string };
  const about = (webhook: Received, name: string) => (JSON.parse(webhook.body) as { data: { object: { name?: string } } }).data.object.name === name;
  const sentAbout = (inbox: WebhookReceiver, name: string) => inbox.received.filter((webhook) => about(webhook, name));
  const deliveryOf = async (endpointId: string, eventId: string) => {
    const list = (await api.get(`/api/v1/webhook_endpoints/${endpointId}/deliveries?limit=100`).expect(200)).body.data as Delivery[];
    return list.find((delivery) => delivery.event === eventId);
  };

  beforeAll(async () => {
    databaseUrl = await createScratchDatabase(testEnv('serverUrl'), 'answers');
    testApp = await createTestApp({ databaseUrl, env: DELIVERY_ENV, overrides: [{ provider: DestinationPolicy, useClass: LoopbackCountsAsPublic }] });
    api = apiAs(testApp.app, await createKey(testApp.app, { mode: 'test', scopes: ['webhooks:read', 'webhooks:write', 'customers:write'] }));
  });
  afterAll(async () => {
    await testApp?.close();
    await receivers.stopAll();
    if (databaseUrl) await dropDatabase(testEnv('serverUrl'), databaseUrl);
  });

  it('a 200 with the body "ok\\0\\xff" is sent once, recorded as succeeded, with the body stored as "ok\\uFFFD\\uFFFD"', async () => {
    const inbox = await receiver();
    inbox.replyWith(() => answer(200, Buffer.from('ok\0\xff', 'latin1')));
    const { id } = await endpoint(inbox.url);
    const customer = await newCustomer();
    await waitUntil(() => sentAbout(inbox, customer.name).length > 0);
    // Several worker cycles (250 ms) and lease periods: an unrecorded attempt would be sent again in that time.
    await sleep(4 * LEASE_MS);
    const sent = sentAbout(inbox, customer.name);
    expect(sent).toHaveLength(1);
    const delivery = await deliveryOf(id, sent[0].headers['webhook-id'] as string);
    expect(delivery).toMatchObject({ status: 'succeeded' });
    expect(delivery!.attempts).toEqual([expect.objectContaining({ attempt: 1, responseStatus: 200, responseBody: `ok${FFFD}${FFFD}`, error: null })]);
  });

  it('keeps to the retry schedule when failed answers carry NUL bytes', async () => {
    const inbox = await receiver();
    const name = `retried-${randomUUID()}`;
    // Our event: 500 with NUL bytes, then 200 with a UTF-16 body (a NUL after every ASCII character).
    inbox.replyWith((webhook, earlier) => {
      if (!about(webhook, name)) return undefined;
      return earlier.some((before) => about(before, name)) ? answer(200, Buffer.from('{"ok":true}', 'utf16le')) : answer(500, '\0\0\0 down');
    });
    const { id } = await endpoint(inbox.url);
    await newCustomer(name);
    await waitUntil(() => sentAbout(inbox, name).length >= 2);
    // Time for a third send, were the second one left unrecorded.
    await sleep(3 * LEASE_MS);
    const [first, second, ...more] = sentAbout(inbox, name);
    expect(more).toHaveLength(0);
    expect(second.at - first.at).toBeGreaterThanOrEqual(900); // the 1 s retry, less its 10 % jitter
    const delivery = await deliveryOf(id, first.headers['webhook-id'] as string);
    expect(delivery!.status).toBe('succeeded');
    expect(delivery!.attempts.map((a) => [a.attempt, a.responseStatus, a.responseBody])).toEqual([
      [1, 500, `${FFFD}${FFFD}${FFFD} down`],
      [2, 200, [...'{"ok":true}'].map((character) => character + FFFD).join('')],
    ]);
  });

  it('stores at most 1 KB and leaves out a character the limit cuts in two', async () => {
    const inbox = await receiver();
    const { id } = await endpoint(inbox.url);
    inbox.replyWith(() => answer(200, `${'a'.repeat(1023)}€ and more`));
    const [attempt] = (await api.post(`/api/v1/webhook_endpoints/${id}/test`).expect(200)).body.attempts as Attempt[];
    expect(attempt.responseBody).toBe('a'.repeat(1023));
    inbox.replyWith(() => answer(200, '€'.repeat(400)));
    const [whole] = (await api.post(`/api/v1/webhook_endpoints/${id}/test`).expect(200)).body.attempts as Attempt[];
    expect(whole.responseBody).toBe('€'.repeat(341)); // 1,023 of its 1,200 bytes: the 342nd '€' is cut
  });

  it('turns any bytes into text PostgreSQL stores in jsonb and gives back unchanged', async () => {
    const dataSource = testApp!.app.get(DataSource);
    const answers = fc.oneof(
      fc.uint8Array({ maxLength: 1024 }),
      fc.string({ unit: 'binary', maxLength: 300 }).map((text) => new Uint8Array(Buffer.from(text))),
    );
    await fc.assert(
      fc.asyncProperty(answers, fc.boolean(), async (bytes, cut) => {
        const text = storableAnswer(bytes, cut);
        const [row] = (await dataSource.query(`SELECT ($1::jsonb)->>'responseBody' AS stored`, [JSON.stringify({ responseBody: text })])) as { stored: string }[];
        expect(row.stored).toBe(text);
      }),
      { numRuns: 300 },
    );
  });

  it('says loudly when an attempt cannot be recorded, and records it once the database takes it again', async () => {
    const dataSource = testApp!.app.get(DataSource);
    const inbox = await receiver();
    const { id } = await endpoint(inbox.url);
    const trigger = `refuse_attempts_${id}`;
    await dataSource.query(`CREATE OR REPLACE FUNCTION test_refuse_attempt() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'test: the database refuses this attempt'; END $$`);
    await dataSource.query(
      `CREATE TRIGGER ${trigger} BEFORE UPDATE ON webhook_deliveries FOR EACH ROW
         WHEN (OLD.endpoint_id = '${id}' AND NEW.attempts > OLD.attempts) EXECUTE FUNCTION test_refuse_attempt()`,
    );
    let eventId: string;
    try {
      const customer = await newCustomer();
      await waitUntil(() => sentAbout(inbox, customer.name).length > 0);
      eventId = sentAbout(inbox, customer.name)[0].headers['webhook-id'] as string;
      const delivery = await deliveryOf(id, eventId);
      await waitUntil(() => testApp!.logs.lines.some((line) => line.deliveryId === delivery!.id));
      expect(testApp!.logs.lines.find((line) => line.deliveryId === delivery!.id)).toMatchObject({
        level: 50, // error
        eventId,
        attempt: 1,
        msg: expect.stringContaining('could not be recorded'),
      });
    } finally {
      await dataSource.query(`DROP TRIGGER ${trigger} ON webhook_deliveries`);
    }
    // Sent again when the lease ran out, and recorded this time.
    await waitUntil(async () => (await deliveryOf(id, eventId))?.status === 'succeeded');
    expect((await deliveryOf(id, eventId))!.attempts).toHaveLength(1);
  });
});
