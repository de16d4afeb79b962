import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { getRepositoryToken } from '@nestjs/typeorm';
import request from 'supertest';
import type { Repository } from 'typeorm';
import { ApiKey } from '../src/api-keys/api-key.entity';
import { generateApiKey } from '../src/api-keys/key-format';
import { newId } from '../src/common/ids/type-id';
import { bearer, createKey, TestKey } from './factories/api-keys';
import { expectEnvelope } from './support/envelope';
import { describeWithRedis, describeWithRedisServer, TEST_REDIS_URL } from './support/redis-gate';
import { RedisServerProcess } from './support/redis-server';
import { createTestApp, TestApp } from './support/test-app';

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
  let testApp: TestApp;
  let findOneBy: jest.SpyInstance;

  beforeAll(async () => {
    testApp = await createTestApp({ env: { RATE_LIMIT_UNAUTHENTICATED: '5', RATE_LIMIT_TEST: '100' } });
  });
  beforeEach(() => {
    findOneBy = jest.spyOn(testApp.app.get<Repository<ApiKey>>(getRepositoryToken(ApiKey)), 'findOneBy');
  });
  afterEach(() => findOneBy.mockRestore());
  afterAll(() => testApp.close());

  it('answers a flood of bad keys 429 past the limit, without database lookups, while a valid key from the same address goes through', async () => {
    const valid = await createKey(testApp.app);
    await getKey(testApp, valid).expect(200);
    findOneBy.mockClear();

    const flood: request.Response[] = [];
    for (let i = 0; i < 20; i++) flood.push(await badKey(testApp));
    flood.slice(0, 5).forEach((response, i) => {
      expectEnvelope(response, 401, 'authentication', 'invalid_api_key');
      expectRateLimitHeaders(response, 5, 4 - i);
    });
    for (const response of flood.slice(5)) {
      expectRateLimited(response);
      expect(response.body.error.message).toMatch(/failed authentication/);
      expectRateLimitHeaders(response, 5, 0);
    }
    // Each of the first five was looked up, and the sixth, which found the address over its limit;
    // after that, keys the caches do not know are not looked up at all.
    expect(findOneBy).toHaveBeenCalledTimes(6);

    expectRateLimitHeaders(await getKey(testApp, valid).expect(200), 100, 98);
    expectRateLimited(await request(testApp.app.getHttpServer()).get('/api/v1/api_key'));
  });

  it('makes a key this instance has not seen yet wait out the window, rather than look it up', async () => {
    for (let i = 0; i < 6; i++) await badKey(testApp);
    const unseen = await createKey(testApp.app);
    findOneBy.mockClear();
    const limited = await getKey(testApp, unseen);
    expectRateLimited(limited);
    expect(findOneBy).not.toHaveBeenCalled();

    await sleep(Number(limited.headers['retry-after']) * 1000);
    await getKey(testApp, unseen).expect(200);
    expectEnvelope(await badKey(testApp), 401, 'authentication', 'invalid_api_key');
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
