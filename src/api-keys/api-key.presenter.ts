import type { AuthenticatedKey } from '../common/auth/authenticated-key';
import { ApiKey } from './api-key.entity';
import { ApiKeyResponse, ApiKeyStatus, CallingApiKeyResponse } from './dto/api-key-response.dto';

export function apiKeyStatus(key: Pick<ApiKey, 'revokedAt' | 'expiresAt'>, now = new Date()): ApiKeyStatus {
  if (key.revokedAt) return 'revoked';
  if (key.expiresAt && key.expiresAt <= now) return 'expired';
  return key.expiresAt ? 'expiring' : 'active';
}

export function presentCallingKey(key: AuthenticatedKey): CallingApiKeyResponse {
  return {
    id: key.id,
    object: 'api_key',
    name: key.name,
    mode: key.mode,
    livemode: key.livemode,
    scopes: [...key.scopes],
    createdAt: key.createdAt,
    expiresAt: key.expiresAt,
  };
}

export function presentApiKey(key: ApiKey): ApiKeyResponse {
  return {
    id: key.id,
    object: 'api_key',
    name: key.name,
    mode: key.mode,
    livemode: key.mode === 'live',
    scopes: key.scopes,
    last4: key.last4,
    status: apiKeyStatus(key),
    createdAt: key.createdAt,
    lastUsedAt: key.lastUsedAt,
    expiresAt: key.expiresAt,
    revokedAt: key.revokedAt,
  };
}
