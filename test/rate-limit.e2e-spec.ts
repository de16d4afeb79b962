import { randomUUID } from 'node:crypto';
import { Agent, get as httpGet, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Logger } from '@nestjs/common';
import request from 'supertest';
import { ApiKeysService } from '../src/api-keys/api-keys.service';
import { KEY_CHANGES_APPLICATION_NAME } from '../src/api-keys/key-changes';
import { generateApiKey, hashApiKey } from '../src/api-keys/key-format';
import { newId } from '../src/common/ids/type-id';
import { BLIND_LOOKUPS_PER_SECOND } from '../src/common/rate-limit/key-lookup-admission';
import { bearer, createKey, TestKey } from './factories/api-keys';
import { expectEnvelope } from './support/envelope';
import { describeWithRedis, describeWithRedisServer, TEST_REDIS_URL } from './support/redis-gate';
import { RedisServerProcess } from './support/redis-server';
import { PgRelay } from './support/pg-relay';
import { countKeyLookups, untilCached } from './support/key-lookups';
import type { QueryCounter } from './support/query-counter';
import { createTestApp, TestApp } from './support/test-app';
import { testEnv } from './setup/test-env';

// The machine's Redis (CI starts one); every app here uses a key prefix unique to this run.
const REDIS_URL = TEST_REDIS_URL;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function expectRateLimitHeaders(response: request.Response, limit: number, remaining: number): void {
  expect(response.headers['ratelimit-limit']).toBe(String(limit));
  expect(response.headers['ratelimit-remaining']).toBe(String(remaining));
  // Windows are one second long, so the reset is always within the next second.
  expect(response.headers['ratelimit-reset']).toBe('1');
}

function expectRateLimited(response: request.Response): void {
  expectEnvelope(response, 429, 'rate_limited', 'rate_limit_exceeded');
  expect(response.headers['retry-after']).toBe('1');
}

const getKey = (app: TestApp, key: TestKey) => request(app.app.getHttpServer()).get('/api/v1/api_key').set('Authorization', bearer(key));
const badKey = (app: TestApp) => request(app.app.getHttpServer()).get('/api/v1/api_key').set('Authorization', `Bearer ${generateApiKey('test')}`);

/**
 * Resolves once `listener` has heard every key change `announcer` made so far: a key it has cached is revoked
 * through `announcer`, and notices arrive in commit order.
 */
async function untilHeard(announcer: TestApp, listener: TestApp): Promise<void> {
  const canary = await createKey(announcer.app);
  expect(await untilCached(listener, canary)).toBe(true);
  await announcer.app.get(ApiKeysService).revoke(canary.id);
  for (const deadline = Date.now() + 3_000; Date.now() < deadline; await sleep(10)) {
    if ((await getKey(listener, canary)).status === 401) return;
  }
  throw new Error('the key change was not heard within 3 s');
}

/** A key whose checksum does not match: refused without a lookup. */
const withBrokenChecksum = (key: string) => key.slice(0, -1) + (key.endsWith('A') ? 'B' : 'A');

/** Starts `app` listening, so that many requests can share keep-alive connections. */
async function listen(app: TestApp): Promise<string> {
  const server = app.app.getHttpServer() as Server;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/**
 * `GET /api/v1/api_key` with each key, 50 at a time over kept-alive connections, as `forwardedFor` if given (for an
 * app that trusts its loopback peer); the statuses in order.
 */
async function sendAll(baseUrl: string, keys: string[], forwardedFor?: string): Promise<number[]> {
  const agent = new Agent({ keepAlive: true, maxSockets: 50 });
  const headers = (key: string) => ({ authorization: `Bearer ${key}`, ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}) });
  const get = (key: string) =>
    new Promise<number>((resolve, reject) => {
      httpGet(`${baseUrl}/api/v1/api_key`, { agent, headers: headers(key) }, (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode!));
      }).on('error', reject);
    });
  const statuses: number[] = new Array(keys.length);
  let next = 0;
  const worker = async () => {
    while (next < keys.length) {
      const i = next++;
      statuses[i] = await get(keys[i]);
    }
  };
  try {
    await Promise.all(Array.from({ length: 50 }, worker));
  } finally {
    agent.destroy();
  }
  return statuses;
}

describe('rate limits per API key (DESIGN.md §6), counted in memory', () => {
  let testApp: TestApp;
  let http: ReturnType<typeof request>;

  beforeAll(async () => {
    testApp = await createTestApp({ env: { RATE_LIMIT_TEST: '5', RATE_LIMIT_LIVE: '8' } });
    http = request(testApp.app.getHttpServer());
  });
  afterAll(() => testApp.close());

  it('sends RateLimit-Limit, -Remaining and -Reset on every counted response, errors from the handler included', async () => {
    const key = await createKey(testApp.app, { scopes: ['customers:read'] });
    const ok = await http.get('/api/v1/customers').set('Authorization', bearer(key)).expect(200);
    expectRateLimitHeaders(ok, 5, 4);
    const missing = await http.get(`/api/v1/customers/${newId('cus')}`).set('Authorization', bearer(key));
    expectEnvelope(missing, 404, 'invalid_request', 'resource_missing', 'id');
    expectRateLimitHeaders(missing, 5, 3);
    const invalid = await http.get('/api/v1/customers?limit=1000').set('Authorization', bearer(key));
    expectEnvelope(invalid, 400, 'invalid_request', 'parameter_invalid', 'limit');
    expectRateLimitHeaders(invalid, 5, 2);
  });

  it('answers the request past the limit with 429, Retry-After and the envelope, until the window ends', async () => {
    const key = await createKey(testApp.app);
    for (let i = 0; i < 5; i++) expectRateLimitHeaders(await getKey(testApp, key).expect(200), 5, 4 - i);
    const limited = await getKey(testApp, key);
    expectRateLimited(limited);
    expect(limited.body.error.message).toMatch(/5 per second/);
    expectRateLimitHeaders(limited, 5, 0);

    await sleep(Number(limited.headers['retry-after']) * 1000);
    expectRateLimitHeaders(await getKey(testApp, key).expect(200), 5, 4);
  });

  it('lets exactly the limit through of a concurrent burst', async () => {
    const key = await createKey(testApp.app);
    const statuses = (await Promise.all(Array.from({ length: 20 }, () => getKey(testApp, key)))).map((r) => r.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(5);
    expect(statuses.filter((status) => status === 429)).toHaveLength(15);
  });

  it("does not hold key B back when key A is exhausted", async () => {
    const [a, b] = [await createKey(testApp.app), await createKey(testApp.app)];
    for (let i = 0; i < 5; i++) await getKey(testApp, a).expect(200);
    expectRateLimited(await getKey(testApp, a));
    expectRateLimitHeaders(await getKey(testApp, b).expect(200), 5, 4);
    expectRateLimited(await getKey(testApp, a));
  });

  it('gives live keys their own limit', async () => {
    const live = await createKey(testApp.app, { mode: 'live' });
    for (let i = 0; i < 8; i++) expectRateLimitHeaders(await getKey(testApp, live).expect(200), 8, 7 - i);
    expectRateLimited(await getKey(testApp, live));
  });

  it('counts every authenticated request, a 403 for a missing scope included', async () => {
    const key = await createKey(testApp.app, { scopes: ['customers:read'] });
    for (let i = 0; i < 5; i++) {
      const refused = await http.get('/api/v1/events').set('Authorization', bearer(key));
      expectEnvelope(refused, 403, 'permission', 'insufficient_scope');
      expectRateLimitHeaders(refused, 5, 4 - i);
    }
    expectRateLimited(await getKey(testApp, key));
  });

  it('does not limit /healthz, /readyz, /docs or /admin', async () => {
    for (let i = 0; i < 10; i++) {
      for (const [path, status] of [
        ['/healthz', 200],
        ['/readyz', 200],
        ['/docs/openapi.json', 200],
        ['/admin/api_keys', 401],
      ] as const) {
        const response = await http.get(path).set('Authorization', `Bearer ${generateApiKey('test')}`).expect(status);
        expect(response.headers['ratelimit-limit']).toBeUndefined();
      }
    }
  });
});

describe('failed authentication, limited per client address', () => {
  const LIMIT = 5;
  let testApp: TestApp;
  let untrusting: TestApp;
  let lookups: QueryCounter;
  let nextAddress = 1;
  /** A client address of its own for each test: this app trusts the loopback peer's X-Forwarded-For. */
  const newAddress = () => `198.51.100.${nextAddress++}`;
  const from = (app: TestApp, address: string, key?: string) => {
    const get = request(app.app.getHttpServer()).get('/api/v1/api_key').set('X-Forwarded-For', address);
    return key === undefined ? get : get.set('Authorization', `Bearer ${key}`);
  };

  beforeAll(async () => {
    const env = { RATE_LIMIT_UNAUTHENTICATED: String(LIMIT), RATE_LIMIT_TEST: '100' };
    [testApp, untrusting] = await Promise.all([createTestApp({ env: { ...env, TRUST_PROXY: 'loopback' } }), createTestApp({ env })]);
    lookups = countKeyLookups(testApp);
  });
  afterAll(async () => {
    lookups.stop();
    await Promise.all([testApp.close(), untrusting.close()]);
  });

  it('answers a flood of bad keys 429 past the limit, looking up no more than the limit, while a valid key from the same address goes through', async () => {
    const address = newAddress();
    const valid = await createKey(testApp.app);
    await from(testApp, address, valid.secret).expect(200);

    const before = lookups.count;
    const flood: request.Response[] = [];
    for (let i = 0; i < 20; i++) flood.push(await from(testApp, address, generateApiKey('test')));
    flood.slice(0, LIMIT).forEach((response, i) => {
      expectEnvelope(response, 401, 'authentication', 'invalid_api_key');
      expectRateLimitHeaders(response, LIMIT, LIMIT - 1 - i);
    });
    for (const response of flood.slice(LIMIT)) {
      expectRateLimited(response);
      expect(response.body.error.message).toMatch(/failed authentication/);
      expectRateLimitHeaders(response, LIMIT, 0);
    }
    // The first five were looked up; after that, made-up keys are told apart without the database.
    expect(lookups.count - before).toBe(LIMIT);

    expectRateLimitHeaders(await from(testApp, address, valid.secret).expect(200), 100, 98);
    expectRateLimited(await from(testApp, address));
  });

  it('lets valid keys through while their address is over the limit, never used ones included, wherever they were issued', async () => {
    const address = newAddress();
    const issuedHere = await createKey(testApp.app);
    const issuedElsewhere = await createKey(untrusting.app);
    await untilHeard(untrusting, testApp);
    for (let i = 0; i < LIMIT + 1; i++) await from(testApp, address, generateApiKey('test'));
    expectRateLimited(await from(testApp, address, generateApiKey('test')));

    await from(testApp, address, issuedHere.secret).expect(200);
    await from(testApp, address, issuedElsewhere.secret).expect(200);
    expectRateLimited(await from(testApp, address, generateApiKey('test')));
  });

  it('never counts a valid key as a failure, not even while it is being looked up', async () => {
    const address = newAddress();
    const keys = await Promise.all(Array.from({ length: 3 * LIMIT }, () => createKey(testApp.app)));
    for (const response of await Promise.all(keys.map((key) => from(testApp, address, key.secret)))) expect(response.status).toBe(200);
    for (let i = 0; i < LIMIT; i++) expectEnvelope(await from(testApp, address, generateApiKey('test')), 401, 'authentication', 'invalid_api_key');
    expectRateLimited(await from(testApp, address, generateApiKey('test')));
  });

  it('counts the address a trusted proxy forwards, and ignores X-Forwarded-For from any other peer', async () => {
    const addresses = Array.from({ length: LIMIT + 1 }, newAddress);
    for (const address of addresses) expectEnvelope(await from(testApp, address, generateApiKey('test')), 401, 'authentication', 'invalid_api_key');

    const statuses: number[] = [];
    for (const address of addresses) statuses.push((await from(untrusting, address, generateApiKey('test'))).status);
    expect(statuses).toEqual([...Array<number>(LIMIT).fill(401), 429]);
  });
});

describe('a flood of made-up keys from one address (DESIGN.md §6)', () => {
  const LIMIT = 5;
  let testApp: TestApp;
  let other: TestApp;
  let baseUrl: string;

  beforeAll(async () => {
    const env = { RATE_LIMIT_UNAUTHENTICATED: String(LIMIT), RATE_LIMIT_TEST: '100000' };
    [testApp, other] = await Promise.all([createTestApp({ env }), createTestApp()]);
    baseUrl = await listen(testApp);
  });
  afterAll(() => Promise.all([testApp.close(), other.close()]));

  it('costs the database at most the stated bound a second, while never-used valid keys from that address get 200 at once', async () => {
    // Never used before they are sent: three amid the flood (one issued on another instance), one after it.
    const amid = [await createKey(testApp.app), await createKey(other.app), await createKey(testApp.app)];
    const after = await createKey(other.app);
    await untilHeard(other, testApp);

    const unknown = Array.from({ length: 1_000 }, () => generateApiKey('test'));
    const malformed = Array.from({ length: 1_000 }, (_, i) => (i % 2 ? withBrokenChecksum(generateApiKey('test')) : `ck_test_${'x'.repeat(i % 40)}`));
    const flood = unknown.flatMap((key, i) => [key, malformed[i]]);
    const amidAt = [500, 1_000, 1_500];
    const sent = [...flood];
    amidAt.forEach((position, i) => sent.splice(position + i, 0, amid[i].secret));
    const lookups = countKeyLookups(testApp, new Set(unknown.map(hashApiKey)));

    const started = Date.now();
    const statuses = await sendAll(baseUrl, sent);
    const elapsedMs = Date.now() - started;
    const afterStatuses = await sendAll(baseUrl, [after.secret, amid[0].secret]);
    lookups.stop();

    expect(amidAt.map((position, i) => statuses[position + i])).toEqual([200, 200, 200]);
    expect(afterStatuses).toEqual([200, 200]);
    const floodStatuses = statuses.filter((_, index) => !amidAt.some((position, i) => index === position + i));
    expect(floodStatuses.every((status) => status === 401 || status === 429)).toBe(true);
    // Windows are one second long and start with the address's first lookup in them. The stated bound (README, Rate
    // limits) is the failure limit a second, plus BLIND_LOOKUPS_PER_SECOND while the key-change channel is down —
    // which a saturated machine can cause for a moment, when the channel's liveness check goes unanswered.
    const windows = Math.floor(elapsedMs / 1_000) + 1;
    const bound = (LIMIT + BLIND_LOOKUPS_PER_SECOND) * windows;
    process.stdout.write(`flood of ${flood.length} requests in ${elapsedMs} ms: ${lookups.count} lookups (bound ${bound})\n`);
    expect(lookups.count).toBeLessThanOrEqual(bound);
  });
});

describe('a flood while the key-change channel is down', () => {
  const LIMIT = 5;
  let relay: PgRelay;
  let testApp: TestApp;
  let other: TestApp;
  let baseUrl: string;

  beforeAll(async () => {
    relay = await PgRelay.start(testEnv('databaseUrl'));
    // The flood comes from an address of its own (X-Forwarded-For from the trusted loopback peer).
    const env = { RATE_LIMIT_UNAUTHENTICATED: String(LIMIT), RATE_LIMIT_TEST: '100000', TRUST_PROXY: 'loopback' };
    [testApp, other] = await Promise.all([createTestApp({ databaseUrl: relay.url, env }), createTestApp()]);
    baseUrl = await listen(testApp);
  });
  afterAll(async () => {
    relay.resume();
    await Promise.all([testApp.close(), other.close()]);
    await relay.stop();
  });

  it('looks up at most 5 unknown keys a second beyond the limit, since it cannot tell real ones', async () => {
    // Once a revoke that can no longer be heard is refused, this instance has noticed the channel is down.
    const canary = await createKey(testApp.app);
    expect(await untilCached(testApp, canary)).toBe(true);
    relay.stall(KEY_CHANGES_APPLICATION_NAME);
    await other.app.get(ApiKeysService).revoke(canary.id);
    for (const deadline = Date.now() + 10_000; Date.now() < deadline && (await sendAll(baseUrl, [canary.secret]))[0] === 200; ) await sleep(100);
    expect(await sendAll(baseUrl, [canary.secret])).toEqual([401]);

    const unknown = Array.from({ length: 300 }, () => generateApiKey('test'));
    const lookups = countKeyLookups(testApp, new Set(unknown.map(hashApiKey)));
    const started = Date.now();
    const statuses = await sendAll(baseUrl, unknown, '203.0.113.50');
    // Windows are one second long and start with the address's first lookup in them.
    const windows = Math.floor((Date.now() - started) / 1_000) + 1;
    lookups.stop();

    expect(statuses.every((status) => status === 401 || status === 429)).toBe(true);
    expect(lookups.count).toBeGreaterThan(LIMIT);
    expect(lookups.count).toBeLessThanOrEqual((LIMIT + 5) * windows);
  });
});

describe('RATE_LIMIT_DISABLED', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await createTestApp({ env: { RATE_LIMIT_DISABLED: 'true', RATE_LIMIT_TEST: '1', RATE_LIMIT_UNAUTHENTICATED: '1' } });
  });
  afterAll(() => testApp.close());

  it('limits nothing and sends no RateLimit headers', async () => {
    const key = await createKey(testApp.app);
    for (let i = 0; i < 5; i++) {
      expect((await getKey(testApp, key).expect(200)).headers['ratelimit-limit']).toBeUndefined();
      expect((await badKey(testApp).expect(401)).headers['ratelimit-limit']).toBeUndefined();
    }
  });
});

describeWithRedis('counters shared in Redis (REDIS_URL)', () => {
  const LIMIT = 20;
  let one: TestApp;
  let two: TestApp;

  beforeAll(async () => {
    const env = { REDIS_URL, REDIS_KEY_PREFIX: `cc-test:${randomUUID()}:`, RATE_LIMIT_TEST: String(LIMIT), RATE_LIMIT_UNAUTHENTICATED: '10' };
    [one, two] = await Promise.all([createTestApp({ env }), createTestApp({ env })]);
  });
  afterAll(async () => {
    await Promise.all([one?.close(), two?.close()]);
  });

  it('holds one combined limit per key across two instances', async () => {
    const key = await createKey(one.app);
    const started = Date.now();
    const responses = await Promise.all(Array.from({ length: 3 * LIMIT }, (_, i) => getKey(i % 2 ? one : two, key)));
    const elapsed = Date.now() - started;
    const successes = responses.filter((r) => r.status === 200).length;
    // Tolerance: none while the burst fits in one window (it starts with the key's first hit).
    // A burst that outlasts the window may straddle its end and see a second window's allowance.
    const tolerance = elapsed < 1000 ? 0 : LIMIT;
    expect(successes).toBeGreaterThanOrEqual(LIMIT);
    expect(successes).toBeLessThanOrEqual(LIMIT + tolerance);
    // Per-instance counters would have let 2 × LIMIT through; both instances refused some.
    for (const [index, app] of [one, two].entries()) {
      const mine = responses.filter((_, i) => (i % 2 ? one : two) === app);
      expect({ instance: index, limited: mine.some((r) => r.status === 429) }).toEqual({ instance: index, limited: true });
    }
  });

  it('limits a bad-key flood from one address once, across both instances', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) statuses.push((await badKey(i % 2 ? one : two)).status);
    expect(statuses).toEqual([...Array<number>(10).fill(401), ...Array<number>(10).fill(429)]);
  });
});

describeWithRedisServer('when Redis fails, requests are still served (fail open)', () => {
  const redisServers: RedisServerProcess[] = [];
  const apps: TestApp[] = [];

  async function appOn(redis: RedisServerProcess, limit: number): Promise<TestApp> {
    const testApp = await createTestApp({ env: { REDIS_URL: redis.url, RATE_LIMIT_TEST: String(limit), RATE_LIMIT_UNAUTHENTICATED: '5' } });
    apps.push(testApp);
    return testApp;
  }

  async function redisServer(port?: number): Promise<RedisServerProcess> {
    const server = await RedisServerProcess.start(port);
    redisServers.push(server);
    return server;
  }

  async function timed(testApp: TestApp, key: TestKey): Promise<{ response: request.Response; ms: number }> {
    const started = Date.now();
    const response = await getKey(testApp, key);
    return { response, ms: Date.now() - started };
  }

  afterAll(async () => {
    await Promise.all(apps.map((testApp) => testApp.close()));
    await Promise.all(redisServers.map((server) => server.kill()));
  });

  it('keeps answering 200 without delay once Redis is killed, warns once, and counts again when it is back', async () => {
    const redis = await redisServer();
    const testApp = await appOn(redis, 3);
    const key = await createKey(testApp.app);
    expectRateLimitHeaders(await getKey(testApp, key).expect(200), 3, 2);

    // Counted at the logger: a warning raised outside a request goes to whichever app's root logger
    // this jest worker created first, not necessarily this app's capture.
    const warn = jest.spyOn(Logger.prototype, 'warn');
    await redis.kill();
    for (let i = 0; i < 10; i++) {
      const { response, ms } = await timed(testApp, key);
      expect(response.status).toBe(200); // past the limit of 3: not counted, not refused
      expect(ms).toBeLessThan(500);
    }
    expect(warn.mock.calls.filter((args) => String(args[1]).includes('failing open'))).toHaveLength(1);
    warn.mockRestore();

    // The per-address limit on failed authentication protects the database: it counts locally instead.
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await badKey(testApp)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429]);
    await sleep(1000);

    await redisServer(redis.port);
    let counted = false;
    for (const deadline = Date.now() + 5000; !counted && Date.now() < deadline; await sleep(100)) {
      counted = (await getKey(testApp, key)).headers['ratelimit-remaining'] !== '3';
    }
    expect(counted).toBe(true);
  });

  it('adds at most the command timeout per request while Redis hangs', async () => {
    const redis = await redisServer();
    const testApp = await appOn(redis, 3);
    const key = await createKey(testApp.app);
    await getKey(testApp, key).expect(200);

    redis.signal('SIGSTOP');
    try {
      for (let i = 0; i < 5; i++) {
        const { response, ms } = await timed(testApp, key);
        expect(response.status).toBe(200);
        expect(ms).toBeLessThan(500);
      }
    } finally {
      redis.signal('SIGCONT');
    }
  });

  it('closes its Redis connection when the application shuts down', async () => {
    const redis = await redisServer();
    const testApp = await createTestApp({ env: { REDIS_URL: redis.url } });
    expect(await redis.clientCount()).toBe(1);
    await testApp.close();
    expect(await redis.clientCount()).toBe(0);
  });
});
