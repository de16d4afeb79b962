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

  it('keeps one counter per key however many hits the window holds, never one entry per hit', async () => {
    const storage = new MemoryRateLimitStorage();
    for (let i = 0; i < 50_000; i++) await storage.hit('busy', 60_000);
    // The throttler's own storage keeps a timestamp per hit and filters them on every request;
    // this one's state for a key is a count and an end time, whatever the traffic.
    const windows = (storage as unknown as { windows: Map<string, object> }).windows;
    expect(windows.size).toBe(1);
    expect(windows.get('busy')).toEqual({ count: 50_000, endsAt: expect.any(Number) });
  });
});
