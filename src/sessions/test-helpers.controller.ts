import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AuthenticatedKey } from '../common/auth/authenticated-key';
import { CurrentApiKey } from '../common/auth/current-api-key.decorator';
import { RequireScope } from '../common/auth/require-scope.decorator';
import { ApiErrorEnvelope } from '../common/errors/error-envelope.dto';
import { CheckoutSessionsService } from './checkout-sessions.service';
import { CheckoutSessionResponse } from './dto/checkout-session-response.dto';

/** Routes that simulate what customers do, for integration tests. Test keys only. */
@ApiTags('Test helpers')
@Controller('api/v1/test_helpers/checkout_sessions')
export class TestHelpersController {
  constructor(private readonly sessions: CheckoutSessionsService) {}

  /** Marks an open test-mode session as paid (`complete`), as if the customer had paid. */
  @Post(':id/pay')
  @HttpCode(200)
  @RequireScope('sessions:write')
  @ApiOkResponse({ type: CheckoutSessionResponse })
  @ApiForbiddenResponse({ description: 'A live key (`test_mode_only`) or a key without `sessions:write`.', type: ApiErrorEnvelope })
  @ApiNotFoundResponse({ type: ApiErrorEnvelope })
  @ApiConflictResponse({ description: 'The session is complete or expired.', type: ApiErrorEnvelope })
  async payCheckoutSession(@CurrentApiKey() key: AuthenticatedKey, @Param('id') id: string): Promise<CheckoutSessionResponse> {
    return this.sessions.present(await this.sessions.payInTestMode(key.mode, id));
  }
}
