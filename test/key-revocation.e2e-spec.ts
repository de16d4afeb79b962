import request from 'supertest';
import { ApiKeysService } from '../src/api-keys/api-keys.service';
import { bearer, createKey } from './factories/api-keys';
import { createTestApp, TestApp } from './support/test-app';

/** How long until `instance` answers `key` with `code`, polling every 10 ms for at most 3 s. */
async function msUntilRefused(instance: TestApp, key: { secret: string }, code: string): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < 3_000) {
    const response = await request(instance.app.getHttpServer()).get('/api/v1/api_key').set('Authorization', bearer(key));
    if (response.status === 401 && response.body.error.code === code) return Date.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return Infinity;
}

describe('key changes reach every instance sharing the database', () => {
  let first: TestApp;
  let second: TestApp;

  beforeAll(async () => {
    [first, second] = await Promise.all([createTestApp(), createTestApp()]);
  });
  afterAll(() => Promise.all([first.close(), second.close()]));

  async function warmBoth(key: { secret: string }): Promise<void> {
    for (const instance of [first, second]) {
      await request(instance.app.getHttpServer()).get('/api/v1/api_key').set('Authorization', bearer(key)).expect(200);
    }
  }

  it('a key revoked on one instance is refused by the other within a second, though it had cached it', async () => {
    const key = await createKey(first.app);
    await warmBoth(key);
    await first.app.get(ApiKeysService).revoke(key.id);
    expect(await msUntilRefused(second, key, 'api_key_revoked')).toBeLessThan(1_000);
  });

  it('a key rolled with no overlap on one instance is refused as expired by the other within a second', async () => {
    const key = await createKey(second.app);
    await warmBoth(key);
    await second.app.get(ApiKeysService).roll(key.id, 0);
    expect(await msUntilRefused(first, key, 'api_key_expired')).toBeLessThan(1_000);
  });
});
