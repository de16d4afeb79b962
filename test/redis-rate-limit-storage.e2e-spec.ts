import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { Redis } from 'ioredis';
import { RedisRateLimitStorage } from '../src/common/rate-limit/redis-rate-limit.storage';
import { describeWithRedis, TEST_REDIS_URL } from './support/redis-gate';

// The machine's Redis (CI starts one); keys carry a prefix unique to this run.
const REDIS_URL = TEST_REDIS_URL;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describeWithRedis('RedisRateLimitStorage', () => {
  const prefix = `cc-test:${randomUUID()}:`;
  const storages: RedisRateLimitStorage[] = [];
  let redis: Redis;

  async function storage(url = REDIS_URL): Promise<RedisRateLimitStorage> {
    const created = new RedisRateLimitStorage(url, prefix);
    storages.push(created);
    await created.onModuleInit();
    return created;
  }

  beforeAll(() => {
    redis = new Redis(REDIS_URL);
  });
  afterEach(() => jest.restoreAllMocks());
  afterAll(async () => {
    await Promise.all(storages.map((created) => created.onApplicationShutdown()));
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  it('counts 200 concurrent hits on one key exactly once each, across two clients', async () => {
    const [one, two] = [await storage(), await storage()];
    const hits = await Promise.all(Array.from({ length: 200 }, (_, i) => (i % 2 ? one : two).hit('atomic', 5000)));
    expect(hits.map((hit) => hit.count).sort((a, b) => a - b)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    for (const hit of hits) {
      expect(hit.resetMs).toBeGreaterThan(0);
      expect(hit.resetMs).toBeLessThanOrEqual(5000);
    }
  });

  it('sets the window on the first hit only, and the key expires with it', async () => {
    const shared = await storage();
    const first = await shared.hit('window', 200);
    await sleep(50);
    const second = await shared.hit('window', 200);
    expect(first.count).toBe(1);
    expect(second.count).toBe(2);
    expect(second.resetMs).toBeLessThan(first.resetMs);
    expect(await redis.pttl(`${prefix}rate-limit:window`)).toBeGreaterThan(0);
    await sleep(250);
    expect(await redis.exists(`${prefix}rate-limit:window`)).toBe(0);
    expect((await shared.hit('window', 200)).count).toBe(1);
  });

  it('fails open without waiting when Redis is unreachable, and warns once, not per request', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const unreachable = await storage('redis://127.0.0.1:1');
    const start = Date.now();
    for (let i = 0; i < 50; i++) expect(await unreachable.hit('down', 1000)).toEqual({ count: 0, resetMs: 1000 });
    expect(Date.now() - start).toBeLessThan(500);
    expect(warn).toHaveBeenCalledTimes(1);
  });
});
