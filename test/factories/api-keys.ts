import type { INestApplication } from '@nestjs/common';
import { ApiKeysService } from '../../src/api-keys/api-keys.service';
import type { Mode, Scope } from '../../src/common/auth/scopes';

export interface TestKey {
  id: string;
  secret: string;
  mode: Mode;
  scopes: Scope[];
}

/** A new API key, issued through the service the admin API uses. */
export async function createKey(
  app: INestApplication,
  options: { mode?: Mode; scopes?: Scope[]; name?: string } = {},
): Promise<TestKey> {
  const mode = options.mode ?? 'test';
  const scopes = options.scopes ?? ['customers:read'];
  const { key, secret } = await app.get(ApiKeysService).create({ name: options.name ?? 'test key', mode, scopes });
  return { id: key.id, secret, mode, scopes };
}

export const bearer = (key: { secret: string }) => `Bearer ${key.secret}`;
