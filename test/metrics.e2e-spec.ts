import { randomBytes, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { newId } from '../src/common/ids/type-id';
import { provisionDevChain } from '../src/chains/local-chain/provision';
import { MetricsServer } from '../src/metrics/metrics-server';
import { apiAs, ApiClient } from './support/api-client';
import { Anvil } from './support/anvil';
import { PAYOUT_TEST } from './support/chains';
import { testEnv } from './setup/test-env';
import { TcpProxy } from './support/tcp-proxy';
import { createKey } from './factories/api-keys';
import { freePort } from './support/free-port';
import { parseSamples, Sample, valueOf } from './support/prometheus-text';
import { createTestApp, TestApp } from './support/test-app';
import { waitUntil } from './support/wait-until';
import { WebhookReceivers } from './support/webhook-receiver';

const LIVE_LIMIT = 3;

describe('Prometheus metrics (issue 16 §2)', () => {
  let anvil: Anvil;
  let testApp: TestApp;
  let metricsPort: number;
  let api: ApiClient;
  let live: ApiClient;
  const receivers = new WebhookReceivers();

  const scrape = async (): Promise<Sample[]> => {
    const response = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    return parseSamples(await response.text());
  };
  const http = () => request(testApp.app.getHttpServer());
  const customer = async (name = 'Metrics') =>
    (await api.post('/api/v1/customers', { name }).expect(201)).body as { id: string };

  beforeAll(async () => {
    anvil = await Anvil.start();
    await provisionDevChain(anvil.rpcUrl, 'local');
    metricsPort = await freePort();
    testApp = await createTestApp({
      // Its own webhook queue and watcher lock: the gauges read what this suite did alone.
      ownDatabase: true,
      env: {
        METRICS_PORT: String(metricsPort),
        RPC_URLS_LOCAL: anvil.rpcUrl,
        PAYOUT_ADDRESS_TEST: PAYOUT_TEST,
        RATE_LIMIT_LIVE: String(LIVE_LIMIT),
        WEBHOOK_RETRY_SCHEDULE: '3600',
      },
    });
    const scopes = ['customers:read', 'customers:write', 'webhooks:write', 'webhooks:read'] as const;
    api = apiAs(testApp.app, await createKey(testApp.app, { mode: 'test', scopes: [...scopes] }));
    live = apiAs(testApp.app, await createKey(testApp.app, { mode: 'live', scopes: ['customers:read'] }));
  }, 60_000);

  afterAll(async () => {
    await testApp?.close();
    await receivers.stopAll();
    await anvil?.stop();
  });

  it('is served on METRICS_PORT only: the public app answers GET /metrics with a 404', async () => {
    await http().get('/metrics').expect(404);
    expect(testApp.app.get(MetricsServer).address).toMatchObject({ address: '127.0.0.1', port: metricsPort });
    expect((await fetch(`http://127.0.0.1:${metricsPort}/other`)).status).toBe(404);
  });

  it('times requests by route template and status, never by URL', async () => {
    const { id } = await customer();
    const before = await scrape();
    await api.get(`/api/v1/customers/${id}`).expect(200);
    await api.get(`/api/v1/customers/${newId('cus')}`).expect(404);
    await api.get('/api/v1/no-such-route/42').expect(404);
    const after = await scrape();

    const count = (samples: Sample[], route: string, status: string) =>
      valueOf(samples, 'checkout_http_request_duration_seconds_count', { method: 'GET', route, status });
    expect(count(after, '/api/v1/customers/:id', '200') - count(before, '/api/v1/customers/:id', '200')).toBe(1);
    expect(count(after, '/api/v1/customers/:id', '404') - count(before, '/api/v1/customers/:id', '404')).toBe(1);
    expect(count(after, 'unmatched', '404') - count(before, 'unmatched', '404')).toBe(1);
    const sum = valueOf(after, 'checkout_http_request_duration_seconds_sum', { method: 'GET', route: '/api/v1/customers/:id', status: '200' });
    expect(sum).toBeGreaterThan(0);
  });

  it('counts authentication failures by code', async () => {
    const before = await scrape();
    await http().get('/api/v1/customers').expect(401);
    await http().get('/api/v1/customers').set('Authorization', `Bearer ck_test_${'a'.repeat(32)}`).expect(401);
    await http().get('/api/v1/customers').set('Authorization', 'Basic abc').expect(401);
    const after = await scrape();
    const delta = (code: string) => valueOf(after, 'checkout_auth_failures_total', { code }) - valueOf(before, 'checkout_auth_failures_total', { code });
    expect(delta('missing_api_key')).toBe(1);
    expect(delta('invalid_api_key')).toBe(2);
  });

  it('counts rate-limit rejections by reason, one per 429', async () => {
    const before = await scrape();
    const statuses = await Promise.all(Array.from({ length: LIVE_LIMIT * 4 }, () => live.get('/api/v1/customers?limit=1').then((r) => r.status)));
    const rejected = statuses.filter((status) => status === 429).length;
    expect(rejected).toBeGreaterThan(0);
    const after = await scrape();
    const delta = (reason: string) =>
      valueOf(after, 'checkout_rate_limit_rejections_total', { reason }) - valueOf(before, 'checkout_rate_limit_rejections_total', { reason });
    expect(delta('api_key')).toBe(rejected);
    expect(delta('auth_failures')).toBe(0);
  });

  it('counts admin sign-in refusals: 401s by code, then the 429 as admin_sign_in', async () => {
    const email = `nobody-${randomUUID()}@example.com`;
    const signIn = () => http().post('/admin/session').send({ email, password: 'not-the-password' });
    const before = await scrape();
    for (let i = 0; i < 5; i++) await signIn().expect(401);
    await signIn().expect(429);
    const after = await scrape();
    const delta = (name: string, labels: Record<string, string>) => valueOf(after, name, labels) - valueOf(before, name, labels);
    expect(delta('checkout_auth_failures_total', { code: 'invalid_credentials' })).toBe(5);
    expect(delta('checkout_rate_limit_rejections_total', { reason: 'admin_sign_in' })).toBe(1);
    expect(delta('checkout_rate_limit_rejections_total', { reason: 'auth_failures' })).toBe(0);
  });

  it('counts idempotent replays and conflicts', async () => {
    const key = randomUUID();
    const before = await scrape();
    await api.post('/api/v1/customers', { name: 'Once' }).set('Idempotency-Key', key).expect(201);
    const again = await api.post('/api/v1/customers', { name: 'Once' }).set('Idempotency-Key', key).expect(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    await api.post('/api/v1/customers', { name: 'Other' }).set('Idempotency-Key', key).expect(422);
    const after = await scrape();
    expect(valueOf(after, 'checkout_idempotency_replays_total') - valueOf(before, 'checkout_idempotency_replays_total')).toBe(1);
    const conflicts = (samples: Sample[]) => valueOf(samples, 'checkout_idempotency_conflicts_total', { code: 'idempotency_key_reused' });
    expect(conflicts(after) - conflicts(before)).toBe(1);
  });

  it('reports webhook outcomes, delivery latency and the pending queue', async () => {
    const delivered = await receivers.start();
    const refusing = await receivers.start();
    refusing.answer(500);
    // 410 Gone: given up at once (and the endpoint disabled).
    const gone = await receivers.start();
    gone.answer(410);
    const before = await scrape();
    await api.post('/api/v1/webhook_endpoints', { url: delivered.url, enabledEvents: ['customer.created'] }).expect(201);
    await api.post('/api/v1/webhook_endpoints', { url: refusing.url, enabledEvents: ['customer.created'] }).expect(201);
    await api.post('/api/v1/webhook_endpoints', { url: gone.url, enabledEvents: ['customer.created'] }).expect(201);
    await customer('Webhooked');
    await delivered.waitFor(1);
    await refusing.waitFor(1);
    await gone.waitFor(1);

    const outcome = (samples: Sample[], name: string) => valueOf(samples, 'checkout_webhook_attempts_total', { outcome: name });
    let after = before;
    await waitUntil(async () => {
      after = await scrape();
      return ['succeeded', 'retrying', 'failed'].every((name) => outcome(after, name) > outcome(before, name));
    });
    expect(outcome(after, 'succeeded') - outcome(before, 'succeeded')).toBe(1);
    expect(outcome(after, 'retrying') - outcome(before, 'retrying')).toBe(1);
    expect(outcome(after, 'failed') - outcome(before, 'failed')).toBe(1);
    const latencyCount = (samples: Sample[]) => valueOf(samples, 'checkout_webhook_delivery_latency_seconds_count');
    expect(latencyCount(after) - latencyCount(before)).toBe(1);
    expect(valueOf(after, 'checkout_webhook_delivery_latency_seconds_sum')).toBeGreaterThan(0);
    // The refused one waits an hour for its retry: pending, and ageing.
    expect(valueOf(after, 'checkout_webhook_deliveries_pending')).toBe(1);
    expect(valueOf(after, 'checkout_webhook_oldest_pending_age_seconds')).toBeGreaterThan(0);
  });

  it('reports each watched network as GET /healthz/chains does, and that this instance leads it', async () => {
    let status: { head: number | null; processedBlock: number | null; lag: number | null; stale: boolean } | undefined;
    await waitUntil(async () => {
      const { data } = (await http().get('/healthz/chains').expect(200)).body as { data: ({ network: string } & NonNullable<typeof status>)[] };
      status = data.find((entry) => entry.network === 'local');
      // Caught up: nothing mines on this chain meanwhile, so both reads see the same blocks.
      return status?.lag === 0;
    });
    const samples = await scrape();
    const local = { network: 'local' };
    expect(valueOf(samples, 'checkout_chain_head_block', local)).toBe(status!.head);
    expect(valueOf(samples, 'checkout_chain_processed_block', local)).toBe(status!.processedBlock);
    expect(valueOf(samples, 'checkout_chain_lag_blocks', local)).toBe(status!.lag);
    expect([0, 1]).toContain(valueOf(samples, 'checkout_chain_stale', local));
    expect(valueOf(samples, 'checkout_chain_watcher_leader', local)).toBe(1);
  });

  it('reports the database pool and the event loop', async () => {
    const samples = await scrape();
    for (const name of ['checkout_db_pool_connections_in_use', 'checkout_db_pool_connections_idle', 'checkout_db_pool_waiting_requests']) {
      expect(samples.some((sample) => sample.name === name)).toBe(true);
    }
    expect(valueOf(samples, 'checkout_db_pool_connections_idle')).toBeGreaterThan(0);
    expect(valueOf(samples, 'checkout_db_pool_waiting_requests')).toBeGreaterThanOrEqual(0);
    expect(valueOf(samples, 'checkout_nodejs_eventloop_lag_seconds')).toBeGreaterThanOrEqual(0);
    expect(samples.some((sample) => sample.name === 'checkout_nodejs_eventloop_lag_p99_seconds')).toBe(true);
  });

  it('exposes every metric the sample Grafana dashboard queries', async () => {
    const text = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    const exposed = new Set([...text.matchAll(/^# TYPE (\S+) /gm)].map(([, name]) => name));
    const dashboard = readFileSync(join(__dirname, '..', 'docs', 'grafana-dashboard.json'), 'utf8');
    const queried = new Set([...dashboard.matchAll(/checkout_[a-z0-9_]+/g)].map(([name]) => name.replace(/_(bucket|count|sum)$/, '')));
    expect(queried.size).toBeGreaterThan(10);
    expect([...queried].filter((name) => !exposed.has(name))).toEqual([]);
  });

  it('keeps every label bounded: many ids, keys and paths add no series', async () => {
    const { id } = await customer();
    // One round of traffic whose ids, keys and paths are all new each time, valid and not.
    const round = async () => {
      const random = () => randomBytes(6).toString('hex');
      await Promise.all([
        api.get(`/api/v1/customers/${id}`).expect(200),
        ...Array.from({ length: 5 }, () => api.get(`/api/v1/customers/${newId('cus')}`).expect(404)),
        ...Array.from({ length: 5 }, () => api.get(`/api/v1/customers/${random()}`).expect(404)),
        ...Array.from({ length: 5 }, () => api.get(`/api/v1/${random()}/${Date.now()}?q=${random()}`).expect(404)),
        ...Array.from({ length: 5 }, () => http().get(`/${random()}/ck_test_${random()}`).expect(404)),
        ...Array.from({ length: 5 }, () => http().get('/api/v1/customers').set('Authorization', `Bearer ck_test_${random()}${random()}${random()}`).expect(401)),
        ...Array.from({ length: 5 }, () =>
          api.post('/api/v1/customers', { name: 'Keyed' }).set('Idempotency-Key', `${random()}-${newId('cus')}`).expect(201),
        ),
      ]);
    };
    await round();
    const first = await scrape();
    await round();
    await round();
    const later = await scrape();

    // Node's own metrics label by handle and GC kinds, which come and go with the process's I/O: bounded, but not this traffic's.
    const ours = (sample: Sample) => !/^checkout_(nodejs|process)_/.test(sample.name);
    const series = (samples: Sample[]) => new Set(samples.filter(ours).map((sample) => `${sample.name}${JSON.stringify(sample.labels)}`));
    expect([...series(later)].filter((key) => !series(first).has(key))).toEqual([]);
    for (const sample of later) {
      for (const value of Object.values(sample.labels)) {
        expect(value).not.toMatch(/[a-z]+_[0-7][0-9a-hjkmnp-tv-z]{25}/); // a TypeID
        expect(value).not.toMatch(/ck_/);
        expect(value).not.toMatch(/\?/);
        expect(value).not.toMatch(/\/[0-9a-f]{6,}(\/|$)|\/\d+(\/|$)/);
      }
    }
    const routes = new Set(later.filter((sample) => sample.name === 'checkout_http_request_duration_seconds_count').map((sample) => sample.labels.route));
    for (const route of routes) expect(route === 'unmatched' || route.startsWith('/')).toBe(true);
  });

  it('still answers a scrape while the database is unreachable, with what it reads from there unknown', async () => {
    const database = new URL(testEnv('databaseUrl'));
    const proxy = new TcpProxy({ host: database.hostname, port: Number(database.port || 5432) }, await freePort());
    await proxy.start();
    const viaProxy = new URL(database);
    viaProxy.hostname = '127.0.0.1';
    viaProxy.port = String(proxy.port);
    const port = await freePort();
    const other = await createTestApp({
      databaseUrl: viaProxy.toString(),
      env: { METRICS_PORT: String(port), RPC_URLS_LOCAL: anvil.rpcUrl, PAYOUT_ADDRESS_TEST: PAYOUT_TEST },
    });
    try {
      await proxy.stop();
      const response = await fetch(`http://127.0.0.1:${port}/metrics`);
      expect(response.status).toBe(200);
      const samples = parseSamples(await response.text());
      expect(valueOf(samples, 'checkout_webhook_deliveries_pending')).toBeNaN();
      expect(valueOf(samples, 'checkout_webhook_oldest_pending_age_seconds')).toBeNaN();
      expect(samples.some((sample) => sample.name === 'checkout_chain_head_block')).toBe(false);
      expect(samples.some((sample) => sample.name === 'checkout_db_pool_connections_in_use')).toBe(true);
    } finally {
      await proxy.start();
      await other.close();
      await proxy.stop();
    }
  });

  it('closes its server with the app', async () => {
    const app = await createTestApp({ env: { METRICS_PORT: String(await freePort()) } });
    const { port } = app.app.get(MetricsServer).address!;
    expect((await fetch(`http://127.0.0.1:${port}/metrics`)).status).toBe(200);
    await app.close();
    await expect(fetch(`http://127.0.0.1:${port}/metrics`)).rejects.toThrow();
  });
});

describe('Prometheus metrics: refusals before a key is known', () => {
  it('counts the 429s of an address that failed authentication too often as auth_failures', async () => {
    const metricsPort = await freePort();
    const testApp = await createTestApp({ env: { METRICS_PORT: String(metricsPort), RATE_LIMIT_UNAUTHENTICATED: '2' } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 10; i++) {
        const response = await request(testApp.app.getHttpServer()).get('/api/v1/customers').set('Authorization', `Bearer ck_test_${randomBytes(16).toString('hex')}`);
        statuses.push(response.status);
      }
      const rejected = statuses.filter((status) => status === 429).length;
      expect(rejected).toBeGreaterThan(0);
      const samples = parseSamples(await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text());
      expect(valueOf(samples, 'checkout_rate_limit_rejections_total', { reason: 'auth_failures' })).toBe(rejected);
      expect(valueOf(samples, 'checkout_rate_limit_rejections_total', { reason: 'api_key' })).toBe(0);
      expect(valueOf(samples, 'checkout_auth_failures_total', { code: 'invalid_api_key' })).toBe(10 - rejected);
    } finally {
      await testApp.close();
    }
  });

  it('refuses to start when METRICS_PORT is taken, naming the variable', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as AddressInfo;
    try {
      await expect(createTestApp({ env: { METRICS_PORT: String(port) } })).rejects.toThrow(`METRICS_PORT ${port} on 127.0.0.1 cannot be used (EADDRINUSE)`);
    } finally {
      taken.close();
    }
  });
});
