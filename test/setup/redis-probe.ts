import { spawnSync } from 'node:child_process';
import { Redis } from 'ioredis';

/**
 * Redis is a machine service, not something `npm ci` can provide. The suites
 * that need it run when it is there and are reported as skipped when it is
 * not — except under REQUIRE_REDIS=1 (`.ci/run` sets it), where its absence
 * fails the run instead, so CI never passes by skipping them.
 */
export async function probeRedis(): Promise<void> {
  const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const client = new Redis(url, { lazyConnect: true, connectTimeout: 500, maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on('error', () => undefined);
  const reachable = await client.connect().then(
    () => client.ping().then(() => true),
    () => false,
  );
  client.disconnect();
  const hasServerBinary = spawnSync('redis-server', ['--version']).status === 0;

  if (process.env.REQUIRE_REDIS === '1' && !(reachable && hasServerBinary)) {
    throw new Error(`REQUIRE_REDIS=1 but Redis is ${reachable ? '' : 'not reachable at ' + url}${hasServerBinary ? '' : ' and redis-server is not installed'}.`);
  }
  if (reachable) process.env.CC_TEST_REDIS_URL = url;
  if (hasServerBinary) process.env.CC_TEST_REDIS_SERVER = 'redis-server';
}
