import { Body, Controller, Get, Header, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import { ApiConflictResponse, ApiCookieAuth, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { AdminSessionGuard } from '../admin/admin-session.guard';
import { SameOriginGuard } from '../admin/same-origin.guard';
import { ApiErrorEnvelope } from '../common/errors/error-envelope.dto';
import { ParseIdPipe } from '../common/ids/parse-id.pipe';
import { ListQueryDto } from '../common/pagination/list-query.dto';
import { presentApiKey } from './api-key.presenter';
import { ApiKeysService, IssuedKey } from './api-keys.service';
import { ApiKeyListResponse, ApiKeyResponse, CreatedApiKeyResponse } from './dto/api-key-response.dto';
import { CreateApiKeyDto } from './dto/create-api-key.dto';
import { RollApiKeyDto } from './dto/roll-api-key.dto';

function presentIssued({ key, secret }: IssuedKey): CreatedApiKeyResponse {
  return { ...presentApiKey(key), secret };
}

/** The key lifecycle for scripts and the dashboard (DESIGN.md §10), behind an admin session. */
@ApiTags('Admin')
@ApiCookieAuth('adminSession')
@ApiUnauthorizedResponse({ description: 'No valid admin session.', type: ApiErrorEnvelope })
@Controller('admin/api_keys')
@UseGuards(SameOriginGuard, AdminSessionGuard)
export class AdminApiKeysController {
  constructor(private readonly keys: ApiKeysService) {}

  /** Lists keys of both modes, newest first. */
  @Get()
  @ApiOkResponse({ type: ApiKeyListResponse })
  async listApiKeys(@Query() query: ListQueryDto): Promise<ApiKeyListResponse> {
    const page = await this.keys.list(query);
    return { ...page, data: page.data.map(presentApiKey) };
  }

  /** Creates a key. The response holds the key itself, `secret`, this once. */
  @Post()
  @Header('Cache-Control', 'no-store')
  @ApiCreatedResponse({ type: CreatedApiKeyResponse })
  async createApiKey(@Body() body: CreateApiKeyDto): Promise<CreatedApiKeyResponse> {
    return presentIssued(await this.keys.create(body));
  }

  /** Retrieves one key (never its secret). */
  @Get(':id')
  @ApiOkResponse({ type: ApiKeyResponse })
  @ApiNotFoundResponse({ type: ApiErrorEnvelope })
  async getApiKey(@Param('id', new ParseIdPipe('key')) id: string): Promise<ApiKeyResponse> {
    return presentApiKey(await this.keys.get(id));
  }

  /** Revokes a key: every instance refuses it from the next request on. */
  @Post(':id/revoke')
  @HttpCode(200)
  @ApiOkResponse({ type: ApiKeyResponse })
  @ApiNotFoundResponse({ type: ApiErrorEnvelope })
  async revokeApiKey(@Param('id', new ParseIdPipe('key')) id: string): Promise<ApiKeyResponse> {
    return presentApiKey(await this.keys.revoke(id));
  }

  /** Issues a replacement with the same name, mode and scopes; the old key works for `expiresInHours` more. */
  @Post(':id/roll')
  @Header('Cache-Control', 'no-store')
  @ApiCreatedResponse({ type: CreatedApiKeyResponse })
  @ApiNotFoundResponse({ type: ApiErrorEnvelope })
  @ApiConflictResponse({ description: 'The key is revoked or expired.', type: ApiErrorEnvelope })
  async rollApiKey(@Param('id', new ParseIdPipe('key')) id: string, @Body() body: RollApiKeyDto): Promise<CreatedApiKeyResponse> {
    return presentIssued(await this.keys.roll(id, body.expiresInHours));
  }
}
