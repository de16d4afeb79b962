import { randomUUID } from 'node:crypto';
import { createServer, Server, Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { EventWriter } from '../src/events/event-writer';
import { HostResolver } from '../src/webhooks/host-resolver';
import { apiAs, ApiClient } from './support/api-client';
import { createKey } from './factories/api-keys';
import { createTestApp, TestApp } from './support/test-app';
import { WebhookReceiver } from './support/webhook-receiver';

const POOL_SIZE = 4;
const WEBHOOK_TIMEOUT_MS = 4_000;
const SLOW_DNS_MS = 3_000;

/** Accepts every connection and never answers: each attempt lasts the whole WEBHOOK_TIMEOUT_MS. */
async function silentReceiver(): Promise<{ url: string; connections: () => number; stop: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  let connections = 0;
  const server: Server = createServer((socket) => {
    connections += 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.resume();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
    connections: () => connections,
    stop: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/**
 * Issue 11 §3: no network I/O other than PostgreSQL while a pooled connection
 * or a transaction is held. A request that calls out (a test delivery, a
 * manual retry, a live endpoint's DNS check) does so first, then writes in
 * one short transaction — with its idempotency record when it has a key.
 */
describe('requests that call out hold no database connection meanwhile', () => {
  let testApp: TestApp;
  let writer: ApiClient;
  let silent: Awaited<ReturnType<typeof silentReceiver>>;

  beforeAll(async () => {
    // A database of its own: its worker, with an hour between attempts, would otherwise claim other
    // suites' deliveries and put their retries an hour away.
    testApp = await createTestApp({
      ownDatabase: true,
      env: { DATABASE_POOL_SIZE: String(POOL_SIZE), WEBHOOK_TIMEOUT_MS: String(WEBHOOK_TIMEOUT_MS), WEBHOOK_RETRY_SCHEDULE: '3600' },
    });
    writer = apiAs(testApp.app, await createKey(testApp.app, { mode: 'test', scopes: ['webhooks:write', 'webhooks:read', 'customers:write'] }));
    silent = await silentReceiver();
  });
  afterAll(async () => {
    await silent.stop();
    await testApp.close();
  });

  it(`keeps other keys' GETs and /readyz answering within 1 s while 3 × DATABASE_POOL_SIZE requests wait on silent receivers and slow DNS`, async () => {
    const { id: endpointId } = (await writer.post('/api/v1/webhook_endpoints', { url: silent.url, enabledEvents: ['customer.created'] }).expect(201)).body;
    const liveWriter = apiAs(testApp.app, await createKey(testApp.app, { mode: 'live', scopes: ['webhooks:write'] }));
    const readers = await Promise.all(
      Array.from({ length: 3 }, async () => apiAs(testApp.app, await createKey(testApp.app, { mode: 'test', scopes: ['customers:read'] }))),
    );
    const resolver = testApp.app.get(HostResolver);
    const slowDns = jest.spyOn(resolver, 'resolve').mockImplementation(async () => {
      await new Promise((resolve) => setTimeout(resolve, SLOW_DNS_MS));
      return ['93.184.216.34'];
    });

    // The delivery worker sends to the silent receiver too, at the same time.
    await writer.post('/api/v1/customers', { name: 'Queued for the silent receiver' }).expect(201);
    // 3 × the pool: test deliveries (half of them idempotent) and live creates whose DNS check is slow (all idempotent).
    const callers = 3 * POOL_SIZE;
    const started = performance.now();
    const outbound = Array.from({ length: callers }, (_, i) => {
      const idempotencyKey = randomUUID();
      if (i % 4 === 3) {
        return liveWriter.post('/api/v1/webhook_endpoints', { url: `https://slow-dns-${i}.example/hooks`, enabledEvents: ['*'] }).set('Idempotency-Key', idempotencyKey);
      }
      const call = writer.post(`/api/v1/webhook_endpoints/${endpointId}/test`);
      return i % 2 === 0 ? call.set('Idempotency-Key', idempotencyKey) : call;
    });
    const responses = Promise.all(outbound.map((call) => call.then((response) => response)));

    const samples: { what: string; status: number; ms: number }[] = [];
    const sample = async (what: string, send: () => Promise<{ status: number }>) => {
      const before = performance.now();
      const { status } = await send();
      samples.push({ what, status, ms: Math.round(performance.now() - before) });
    };
    await new Promise((resolve) => setTimeout(resolve, 300)); // every outbound request is now waiting on I/O
    while (performance.now() - started < Math.min(SLOW_DNS_MS, WEBHOOK_TIMEOUT_MS) - 200) {
      await Promise.all([
        ...readers.map((reader, i) => sample(`GET customers as reader ${i}`, () => reader.get('/api/v1/customers'))),
        sample('GET /readyz', () => request(testApp.app.getHttpServer()).get('/readyz')),
      ]);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const stillWaiting = performance.now() - started;

    expect(samples.filter((s) => s.status !== 200)).toEqual([]);
    // The figure, against the worst sample.
    expect(Math.max(...samples.map((s) => s.ms))).toBeLessThan(1_000);
    expect(samples.length).toBeGreaterThanOrEqual(20);
    expect(stillWaiting).toBeLessThan(WEBHOOK_TIMEOUT_MS);

    const answered = await responses;
    slowDns.mockRestore();
    for (const [i, response] of answered.entries()) {
      if (i % 4 === 3) {
        expect(response.status).toBe(201);
        continue;
      }
      expect(response.status).toBe(200);
      expect(response.body.attempts[0]).toMatchObject({ responseStatus: null, error: expect.stringContaining(`${WEBHOOK_TIMEOUT_MS} ms`) });
    }
    expect(silent.connections()).toBeGreaterThanOrEqual(callers - callers / 4);
  }, 30_000);

  describe('an idempotent test delivery', () => {
    let inbox: WebhookReceiver;
    let endpointId: string;
    const sendTest = (idempotencyKey: string) => writer.post(`/api/v1/webhook_endpoints/${endpointId}/test`).set('Idempotency-Key', idempotencyKey);
    const count = async (sql: string, ...params: unknown[]) => ((await testApp.app.get(DataSource).query(sql, params)) as { n: number }[])[0].n;

    beforeAll(async () => {
      inbox = await WebhookReceiver.start();
      endpointId = (await writer.post('/api/v1/webhook_endpoints', { url: inbox.url, enabledEvents: ['payment_link.archived'] }).expect(201)).body.id;
    });
    afterAll(() => inbox.stop());

    it('is replayed without sending again, and its record commits in the transaction of its writes', async () => {
      const idempotencyKey = randomUUID();
      const first = await sendTest(idempotencyKey).expect(200);
      expect(first.body).toMatchObject({ status: 'succeeded', attempts: [{ attempt: 1, responseStatus: 200 }] });
      await inbox.waitFor(1);
      const replay = await sendTest(idempotencyKey).expect(200);
      expect(replay.headers['idempotent-replayed']).toBe('true');
      expect(replay.text).toBe(first.text);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(inbox.received).toHaveLength(1);

      // One transaction wrote the delivery, its event and the final state of the record (the same xmin).
      const [row] = (await testApp.app.get(DataSource).query(
        `SELECT r.xmin::text AS record, d.xmin::text AS delivery, e.xmin::text AS event
           FROM idempotency_records r, webhook_deliveries d JOIN events e ON e.id = d.event_id
          WHERE r.key = $1 AND d.id = $2`,
        [idempotencyKey, first.body.id],
      )) as { record: string; delivery: string; event: string }[];
      expect(row).toEqual({ record: row.delivery, delivery: row.delivery, event: row.delivery });
    });

    it('stores neither record nor delivery when its writes fail after the send; the retry sends and commits once', async () => {
      const idempotencyKey = randomUUID();
      const sentBefore = inbox.received.length;
      const events = testApp.app.get(EventWriter);
      const save = events.save.bind(events);
      const fault = jest.spyOn(events, 'save').mockImplementationOnce(async (...args) => {
        await save(...args);
        throw new Error('injected fault after the first write');
      });
      await sendTest(idempotencyKey).expect(500);
      fault.mockRestore();
      expect(inbox.received.length).toBe(sentBefore + 1);
      expect(await count(`SELECT count(*)::int AS n FROM idempotency_records WHERE key = $1`, idempotencyKey)).toBe(0);
      const deliveriesBefore = await count(`SELECT count(*)::int AS n FROM webhook_deliveries WHERE endpoint_id = $1`, endpointId);

      const retried = await sendTest(idempotencyKey).expect(200);
      expect(retried.headers['idempotent-replayed']).toBeUndefined();
      await sendTest(idempotencyKey).expect(200);
      expect(inbox.received.length).toBe(sentBefore + 2);
      expect(await count(`SELECT count(*)::int AS n FROM webhook_deliveries WHERE endpoint_id = $1`, endpointId)).toBe(deliveriesBefore + 1);
    });

    it('sends once for many concurrent identical requests: the others get 409 or the replay', async () => {
      const idempotencyKey = randomUUID();
      const sentBefore = inbox.received.length;
      const responses = await Promise.all(Array.from({ length: 10 }, () => sendTest(idempotencyKey).then((response) => response)));
      const ran = responses.filter((r) => r.status === 200 && r.headers['idempotent-replayed'] === undefined);
      const others = responses.filter((r) => r !== ran[0]);
      expect(ran).toHaveLength(1);
      for (const other of others) {
        expect(other.status === 409 ? other.body.error.code : other.headers['idempotent-replayed']).toBe(
          other.status === 409 ? 'idempotency_request_in_progress' : 'true',
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(inbox.received.length).toBe(sentBefore + 1);
    });
  });
});
