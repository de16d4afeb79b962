import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { LRUCache } from 'lru-cache';
import { Repository } from 'typeorm';
import { ApiKeyVerifier, KeyVerification } from '../common/auth/api-key-verifier';
import type { AuthenticatedKey } from '../common/auth/authenticated-key';
import { ApiKey } from './api-key.entity';
import { IssuedKeyIndex } from './issued-key-index';
import type { KeyChange } from './key-changes';
import { checkApiKey, hashApiKey } from './key-format';

/** A key as cached: what requests are told about it (built once, shared by every request), and whether it was revoked. */
interface KnownKey {
  key: AuthenticatedKey;
  revokedAt: Date | null;
}

const CACHE_SIZE = 10_000;
const CACHE_TTL_MS = 60_000;
const LAST_USED_INTERVAL_MS = 60_000;

function toKnownKey(key: ApiKey): KnownKey {
  const authenticated: AuthenticatedKey = {
    id: key.id,
    name: key.name,
    mode: key.mode,
    livemode: key.mode === 'live',
    scopes: Object.freeze([...key.scopes]),
    createdAt: key.createdAt,
    expiresAt: key.expiresAt,
  };
  return { key: Object.freeze(authenticated), revokedAt: key.revokedAt };
}

/**
 * Verifies presented keys with as little work as possible: the shape and
 * checksum first (no I/O), then an in-process cache of keys by hash —
 * revoked and expired keys included, and a short-lived negative cache of
 * unknown hashes — and only then PostgreSQL. A revoke or roll anywhere
 * reaches every instance through `KeyChangeListener`, which evicts the key;
 * while that channel is down, the cache is bypassed. It also keeps the index
 * of issued keys, which tells a real key from a made-up one without I/O.
 */
@Injectable()
export class ApiKeyAuthenticator extends ApiKeyVerifier {
  private readonly logger = new Logger(ApiKeyAuthenticator.name);
  private readonly known = new LRUCache<string, KnownKey>({
    max: CACHE_SIZE,
    ttl: CACHE_TTL_MS,
    dispose: (known, hash) => {
      if (this.hashById.get(known.key.id) === hash) this.hashById.delete(known.key.id);
    },
  });
  private readonly hashById = new Map<string, string>();
  private readonly unknown = new LRUCache<string, true>({ max: CACHE_SIZE, ttl: CACHE_TTL_MS });
  private readonly lastUsedWrites = new Map<string, number>();
  private readonly issued = new IssuedKeyIndex();
  private cacheEnabled = false;
  /**
   * Bumped by every key change heard and every loss of the channel. A row read
   * while it moved may predate the change (a revoke committed during the read),
   * so it answers its own request but is not cached.
   */
  private generation = 0;

  constructor(@InjectRepository(ApiKey) private readonly keys: Repository<ApiKey>) {
    super();
  }

  async verify(rawKey: string): Promise<KeyVerification> {
    if (!checkApiKey(rawKey)) return { ok: false, reason: 'invalid_api_key' };
    return this.judge(await this.lookUp(hashApiKey(rawKey)));
  }

  verifyCached(rawKey: string): KeyVerification | undefined {
    if (!checkApiKey(rawKey)) return { ok: false, reason: 'invalid_api_key' };
    if (!this.cacheEnabled) return undefined;
    const hash = hashApiKey(rawKey);
    const cached = this.known.get(hash);
    if (cached) return this.judge(cached);
    return this.unknown.has(hash) ? { ok: false, reason: 'invalid_api_key' } : undefined;
  }

  private judge(known: KnownKey | undefined): KeyVerification {
    if (!known) return { ok: false, reason: 'invalid_api_key' };
    if (known.revokedAt) return { ok: false, reason: 'api_key_revoked' };
    const { key } = known;
    if (key.expiresAt && key.expiresAt.getTime() <= Date.now()) return { ok: false, reason: 'api_key_expired' };
    this.recordUse(key.id);
    return { ok: true, key };
  }

  isIssued(rawKey: string): boolean | undefined {
    return checkApiKey(rawKey) ? this.issued.has(hashApiKey(rawKey)) : false;
  }

  /** A key was issued, revoked or rolled, here or elsewhere: forget it, so the next request reads it afresh. */
  keyChanged({ keyId, hashPrefix }: KeyChange): void {
    this.generation++;
    this.issued.add(hashPrefix);
    const hash = this.hashById.get(keyId);
    if (hash) this.known.delete(hash);
  }

  /** The key-change channel is up and `issuedHashPrefixes` were the keys then: caching is safe again. */
  channelUp(issuedHashPrefixes: Iterable<string>): void {
    this.issued.load(issuedHashPrefixes);
    this.cacheEnabled = true;
    // A read begun while the channel was down may predate a revoke this listener, connected after it, never hears of.
    this.generation++;
  }

  /** Changes may go unheard: caching stops and the cache empties. */
  channelDown(): void {
    this.cacheEnabled = false;
    this.generation++;
    this.issued.reset();
    this.known.clear();
    this.unknown.clear();
  }

  private async lookUp(hash: string): Promise<KnownKey | undefined> {
    if (this.cacheEnabled) {
      const cached = this.known.get(hash);
      if (cached) return cached;
      if (this.unknown.has(hash)) return undefined;
    }
    const generation = this.generation;
    const row = await this.keys.findOneBy({ secretHash: hash });
    if (!this.cacheEnabled || generation !== this.generation) return row ? toKnownKey(row) : undefined;
    if (!row) {
      this.unknown.set(hash, true);
      return undefined;
    }
    const known = toKnownKey(row);
    this.known.set(hash, known);
    this.hashById.set(known.key.id, hash);
    return known;
  }

  /** Writes `lastUsedAt` at most once a minute per key, without making the request wait. */
  private recordUse(keyId: string): void {
    const now = Date.now();
    if (now - (this.lastUsedWrites.get(keyId) ?? 0) < LAST_USED_INTERVAL_MS) return;
    this.lastUsedWrites.set(keyId, now);
    this.keys
      .createQueryBuilder()
      .update()
      .set({ lastUsedAt: () => 'now()' })
      .where('id = :keyId', { keyId })
      .andWhere("(last_used_at IS NULL OR last_used_at < now() - interval '1 minute')")
      .execute()
      .catch((error: unknown) => this.logger.warn({ err: error, keyId }, 'could not record lastUsedAt'));
  }
}
