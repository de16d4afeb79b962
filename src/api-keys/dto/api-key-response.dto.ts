import { ApiProperty } from '@nestjs/swagger';
import { MODES, SCOPES } from '../../common/auth/scopes';
import type { Mode, Scope } from '../../common/auth/scopes';

export const API_KEY_STATUSES = ['active', 'expiring', 'revoked', 'expired'] as const;
export type ApiKeyStatus = (typeof API_KEY_STATUSES)[number];

/** An API key as the calling key sees itself (`GET /api/v1/api_key`). Never the secret. */
export class CallingApiKeyResponse {
  /**
   * `key_…`
   * @example "key_01jdqvtsjxf2nbrexx3vqjhp41"
   */
  id!: string;

  @ApiProperty({ enum: ['api_key'] })
  object!: 'api_key';

  /** @example "Shop backend" */
  name!: string;

  @ApiProperty({ enum: MODES })
  mode!: Mode;

  livemode!: boolean;

  @ApiProperty({ enum: SCOPES, isArray: true })
  scopes!: Scope[];

  createdAt!: Date;

  /** When the key stops working (set by rolling it), or null. */
  expiresAt!: Date | null;
}

/** An API key as the admin API lists it. Never the secret. */
export class ApiKeyResponse extends CallingApiKeyResponse {
  /**
   * The key's last four characters, to tell keys apart: `ck_test_…` + these.
   * @example "x9Q2"
   */
  last4!: string;

  /** `expiring`: works until `expiresAt` (after a roll). */
  @ApiProperty({ enum: API_KEY_STATUSES })
  status!: ApiKeyStatus;

  lastUsedAt!: Date | null;

  revokedAt!: Date | null;
}

export class CreatedApiKeyResponse extends ApiKeyResponse {
  /** The key itself. Shown in this response only: store it now, it cannot be retrieved again. */
  secret!: string;
}

export class ApiKeyListResponse {
  @ApiProperty({ enum: ['list'] })
  object!: 'list';

  data!: ApiKeyResponse[];

  hasMore!: boolean;
}
