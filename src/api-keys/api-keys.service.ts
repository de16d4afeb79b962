import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import type { Mode, Scope } from '../common/auth/scopes';
import { ApiErrors } from '../common/errors/api-errors';
import { newId } from '../common/ids/type-id';
import { ListQueryDto } from '../common/pagination/list-query.dto';
import { ListPage, paginate } from '../common/pagination/paginate';
import { ApiKey } from './api-key.entity';
import { apiKeyStatus } from './api-key.presenter';
import { generateApiKey, hashApiKey } from './key-format';
import { KeyChangeAcks, KeyChangeBatch } from './key-change-acks';

export interface IssuedKey {
  key: ApiKey;
  /** The raw key: returned to the caller once, never stored. */
  secret: string;
}

const HOUR_MS = 3_600_000;

/** The key lifecycle of DESIGN.md §4 and §10: create, list, read, revoke, roll. */
@Injectable()
export class ApiKeysService {
  constructor(
    @InjectRepository(ApiKey) private readonly keys: Repository<ApiKey>,
    private readonly acks: KeyChangeAcks,
  ) {}

  /** `issueToken`: the one-time token of the form that asked for the key; a second use is a 409. */
  create(input: { name: string; mode: Mode; scopes: Scope[] }, issueToken?: string): Promise<IssuedKey> {
    return this.acks.transaction((manager, batch) => this.issue(manager, batch, input, issueToken));
  }

  list(query: ListQueryDto): Promise<ListPage<ApiKey>> {
    return paginate(this.keys, {}, query, 'key');
  }

  async get(id: string): Promise<ApiKey> {
    const key = await this.keys.findOneBy({ id });
    if (!key) throw ApiErrors.resourceMissing('API key', id);
    return key;
  }

  /** Effective on every instance once it answers (see `KeyChangeAcks`); revoking a revoked key changes nothing. */
  revoke(id: string): Promise<ApiKey> {
    return this.acks.transaction(async (manager, batch) => {
      const key = await this.lockKey(manager, id);
      if (key.revokedAt) return key;
      key.revokedAt = new Date();
      await manager.save(key);
      await batch.restrict(manager, key);
      return key;
    });
  }

  /**
   * A new key with the same name, mode and scopes; the old one keeps working
   * for `expiresInHours` (0: it stops now), or less if it was due to expire sooner.
   */
  roll(id: string, expiresInHours: number, issueToken?: string): Promise<IssuedKey> {
    return this.acks.transaction(async (manager, batch) => {
      const old = await this.lockKey(manager, id);
      const status = apiKeyStatus(old);
      if (status === 'revoked' || status === 'expired') {
        throw ApiErrors.stateConflict(`The API key ${id} is ${status}; only a working key can be rolled.`);
      }
      const overlapEnd = new Date(Date.now() + expiresInHours * HOUR_MS);
      if (!old.expiresAt || overlapEnd < old.expiresAt) old.expiresAt = overlapEnd;
      await manager.save(old);
      await batch.restrict(manager, old);
      return this.issue(manager, batch, { name: old.name, mode: old.mode, scopes: old.scopes }, issueToken);
    });
  }

  private async issue(manager: EntityManager, batch: KeyChangeBatch, input: { name: string; mode: Mode; scopes: Scope[] }, issueToken?: string): Promise<IssuedKey> {
    const secret = generateApiKey(input.mode);
    const key = manager.create(ApiKey, {
      id: newId('key'),
      name: input.name,
      mode: input.mode,
      scopes: input.scopes,
      secretHash: hashApiKey(secret),
      last4: secret.slice(-4),
      lastUsedAt: null,
      revokedAt: null,
      expiresAt: null,
      issueTokenHash: issueToken === undefined ? null : createHash('sha256').update(issueToken).digest('hex'),
    });
    try {
      const saved = await manager.save(key);
      // New keys are announced too: every instance's index of issued keys must know them (see IssuedKeyIndex).
      await batch.announce(manager, saved);
      return { key: saved, secret };
    } catch (error) {
      if ((error as { driverError?: { constraint?: string } }).driverError?.constraint === 'api_keys_issue_token_key') {
        throw ApiErrors.stateConflict('This form was already submitted: the key it created is in the list, and its secret is not shown again.');
      }
      throw error;
    }
  }

  private async lockKey(manager: EntityManager, id: string): Promise<ApiKey> {
    const key = await manager.findOne(ApiKey, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!key) throw ApiErrors.resourceMissing('API key', id);
    return key;
  }
}
