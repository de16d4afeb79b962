/** `describe` when the machine's Redis answers (see test/setup/redis-probe.ts), else reported as skipped. */
export const describeWithRedis = process.env.CC_TEST_REDIS_URL ? describe : describe.skip;

/** `describe` when tests can start their own `redis-server`, else reported as skipped. */
export const describeWithRedisServer = process.env.CC_TEST_REDIS_SERVER ? describe : describe.skip;

/** The machine's Redis, as found by the probe. */
export const TEST_REDIS_URL = process.env.CC_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
