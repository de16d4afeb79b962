import { MemoryRateLimitStorage } from './memory-rate-limit.storage';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('MemoryRateLimitStorage', () => {
  it('counts hits in a fixed window that starts with the first hit', async () => {
    const storage = new MemoryRateLimitStorage();
    const counts = [];
    for (let i = 0; i < 5; i++) counts.push((await storage.hit('k', 1000)).count);
    expect(counts).toEqual([1, 2, 3, 4, 5]);
    const { resetMs } = await storage.hit('k', 1000);
    expect(resetMs).toBeGreaterThan(900);
    expect(resetMs).toBeLessThanOrEqual(1000);
  });

  it('starts a new window once the old one has ended', async () => {
    const storage = new MemoryRateLimitStorage();
    await storage.hit('k', 50);
    await storage.hit('k', 50);
    await sleep(70);
    expect(await storage.hit('k', 50)).toEqual({ count: 1, resetMs: 50 });
    expect((await storage.hit('k', 50)).count).toBe(2);
  });

  it('counts each key on its own', async () => {
    const storage = new MemoryRateLimitStorage();
    await storage.hit('a', 1000);
    await storage.hit('a', 1000);
    expect((await storage.hit('b', 1000)).count).toBe(1);
    expect((await storage.hit('a', 1000)).count).toBe(3);
  });

  it('reports to @nestjs/throttler: blocked past the limit, times in seconds', async () => {
    const storage = new MemoryRateLimitStorage();
    const records = [];
    for (let i = 0; i < 3; i++) records.push(await storage.increment('k', 1000, 2));
    expect(records.map((r) => [r.totalHits, r.isBlocked])).toEqual([
      [1, false],
      [2, false],
      [3, true],
    ]);
    expect(records[2]).toMatchObject({ timeToExpire: 1, timeToBlockExpire: 1 });
  });

  it('costs the same however many hits the window holds', async () => {
    const storage = new MemoryRateLimitStorage();
    const time = async (hits: number) => {
      const start = process.hrtime.bigint();
      for (let i = 0; i < hits; i++) await storage.hit('busy', 60_000);
      return Number(process.hrtime.bigint() - start) / hits;
    };
    await time(10_000);
    const early = await time(20_000);
    await time(200_000);
    const late = await time(20_000);
    // One timestamp per hit (the throttler's own storage) would make the late hits ~10× dearer.
    expect(late).toBeLessThan(early * 3);
  });
});
