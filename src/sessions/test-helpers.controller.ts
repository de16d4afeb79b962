import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AuthenticatedKey } from '../common/auth/authenticated-key';
import { CurrentApiKey } from '../common/auth/current-api-key.decorator';
import { RequireScope } from '../common/auth/require-scope.decorator';
import { ApiErrorEnvelope } from '../common/errors/error-envelope.dto';
import { CallsOut } from '../common/idempotency/calls-out.decorator';
import type { CommitStep } from '../common/idempotency/commit-step';
import { CheckoutSessionsService } from './checkout-sessions.service';
import { CheckoutSessionResponse } from './dto/checkout-session-response.dto';
import { PayCheckoutSessionDto } from './dto/pay-checkout-session.dto';
import { TestPayments } from './payments/test-payments';

/** Routes that simulate what customers do, for integration tests. Test keys only. */
@ApiTags('Test helpers')
@Controller('api/v1/test_helpers/checkout_sessions')
export class TestHelpersController {
  constructor(
    private readonly sessions: CheckoutSessionsService,
    private readonly payments: TestPayments,
  ) {}

  /**
   * Pays a test session as a customer would: a real transfer from the dev faucet to its deposit
   * address on a test chain (by default the amount due, in its currency, on its first network),
   * found by the chain watcher like any payment; the answer shows it once recorded. Any amount,
   * currency or network can be sent, to try under-, over-, late and unmatched payments. A session
   * with no test network (no chain configured) is marked paid (`complete`) instead.
   */
  @Post(':id/pay')
  @HttpCode(200)
  @RequireScope('sessions:write')
  @CallsOut()
  @ApiOkResponse({ type: CheckoutSessionResponse })
  @ApiBadRequestResponse({ description: 'A network, currency or amount the session cannot be paid with.', type: ApiErrorEnvelope })
  @ApiForbiddenResponse({ description: 'A live key (`test_mode_only`) or a key without `sessions:write`.', type: ApiErrorEnvelope })
  @ApiNotFoundResponse({ type: ApiErrorEnvelope })
  @ApiConflictResponse({ description: 'Marking paid: the session is complete or expired.', type: ApiErrorEnvelope })
  async payCheckoutSession(
    @CurrentApiKey() key: AuthenticatedKey,
    @Param('id') id: string,
    @Body() body: PayCheckoutSessionDto,
  ): Promise<CommitStep<CheckoutSessionResponse>> {
    return (await this.payments.pay(key.mode, id, body)).map((session) => this.sessions.present(session));
  }
}
