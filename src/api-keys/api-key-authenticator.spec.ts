import type { Repository } from 'typeorm';
import { ApiKeyAuthenticator } from './api-key-authenticator';
import type { ApiKey } from './api-key.entity';
import { generateApiKey, hashApiKey } from './key-format';

/** A repository whose one lookup answers when the test says so. */
function heldRepository() {
  let answer: (row: ApiKey | null) => void = () => undefined;
  // The lastUsedAt write after a verification: accepted and ignored.
  const update = { update: () => update, set: () => update, where: () => update, andWhere: () => update, execute: () => Promise.resolve() };
  const repository = { findOneBy: () => new Promise<ApiKey | null>((resolve) => (answer = resolve)), createQueryBuilder: () => update };
  return { repository: repository as unknown as Repository<ApiKey>, answer: (row: ApiKey | null) => answer(row) };
}

function activeRow(secret: string): ApiKey {
  return { id: 'key_1', name: 'k', mode: 'test', scopes: [], secretHash: hashApiKey(secret), createdAt: new Date(), expiresAt: null, revokedAt: null } as unknown as ApiKey;
}

describe('ApiKeyAuthenticator', () => {
  it('does not cache a row read while the key-change channel was down, though the channel came back before the read ended', async () => {
    const secret = generateApiKey('test');
    const { repository, answer } = heldRepository();
    const authenticator = new ApiKeyAuthenticator(repository);
    authenticator.channelDown();
    const verification = authenticator.verify(secret);
    // The new listener connected after a revoke the read may predate: it will never hear of it.
    authenticator.channelUp([]);
    answer(activeRow(secret));
    expect((await verification).ok).toBe(true);
    expect(authenticator.verifyCached(secret)).toBeUndefined();
  });

  it('caches a row read while the channel was up and nothing changed', async () => {
    const secret = generateApiKey('test');
    const { repository, answer } = heldRepository();
    const authenticator = new ApiKeyAuthenticator(repository);
    authenticator.channelUp([]);
    const verification = authenticator.verify(secret);
    answer(activeRow(secret));
    expect((await verification).ok).toBe(true);
    expect(authenticator.verifyCached(secret)).toMatchObject({ ok: true, key: { id: 'key_1' } });
  });
});
