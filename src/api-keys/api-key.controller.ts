import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AuthenticatedKey } from '../common/auth/authenticated-key';
import { CurrentApiKey } from '../common/auth/current-api-key.decorator';
import { RequireNoScope } from '../common/auth/require-scope.decorator';
import { presentCallingKey } from './api-key.presenter';
import { CallingApiKeyResponse } from './dto/api-key-response.dto';

@ApiTags('API key')
@Controller('api/v1/api_key')
export class ApiKeyController {
  /** The calling key's own description, so an integration can check what it holds. Any valid key may ask. */
  @Get()
  @RequireNoScope()
  @ApiOkResponse({ type: CallingApiKeyResponse })
  getCallingApiKey(@CurrentApiKey() key: AuthenticatedKey): CallingApiKeyResponse {
    return presentCallingKey(key);
  }
}
