// The one Redis the instances share their rate-limit counters in: REDIS_URL, else the local default.
import Redis from 'ioredis';

export async function sharedRedisUrl() {
  const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    throw new Error(`Redis at ${url} does not answer (${error.message}): the instances must share their rate limits there. Set REDIS_URL.`, { cause: error });
  } finally {
    client.disconnect();
  }
  return url;
}
