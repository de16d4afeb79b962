import request from 'supertest';
import { DataSource } from 'typeorm';
import { hashApiKey } from '../../src/api-keys/key-format';
import { countQueries, QueryCounter } from './query-counter';
import type { TestApp } from './test-app';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Lookups of API keys by hash that `app` sends to PostgreSQL; of the hashes in `only`, if given. */
export function countKeyLookups(app: TestApp, only?: ReadonlySet<string>): QueryCounter {
  return countQueries(app.app.get(DataSource), (query, parameters) =>
    /^SELECT .* FROM "api_keys"/s.test(query) && parameters.some((value) => typeof value === 'string' && /^[0-9a-f]{64}$/.test(value) && (!only || only.has(value))),
  );
}

/**
 * Whether `app` answers `key` from its key cache (200 without a lookup) within `patienceMs`. Not always from the
 * second request on: a row read while a key change is heard (the key's own creation, say) is not cached.
 */
export async function untilCached(app: TestApp, key: { secret: string }, patienceMs = 2_000): Promise<boolean> {
  const only = new Set([hashApiKey(key.secret)]);
  for (const deadline = Date.now() + patienceMs; Date.now() < deadline; await sleep(50)) {
    const lookups = countKeyLookups(app, only);
    try {
      await request(app.app.getHttpServer()).get('/api/v1/api_key').set('Authorization', `Bearer ${key.secret}`).expect(200);
    } finally {
      lookups.stop();
    }
    if (lookups.count === 0) return true;
  }
  return false;
}
