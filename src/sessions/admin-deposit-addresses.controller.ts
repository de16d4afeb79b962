import { Controller, Get, Param, UseGuards } from '@nestjs/common';
import { ApiBadRequestResponse, ApiCookieAuth, ApiNotFoundResponse, ApiOkResponse, ApiParam, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { AdminSessionGuard } from '../admin/admin-session.guard';
import { SameOriginGuard } from '../admin/same-origin.guard';
import { ApiErrorEnvelope } from '../common/errors/error-envelope.dto';
import { DepositAddressOwners } from './deposit-address-owners';
import { DepositAddressOwnerResponse } from './dto/deposit-address-owner-response.dto';

/** Deposit addresses for the operator's tools (`checkout-cli recover`), behind an admin session. */
@ApiTags('Admin')
@ApiCookieAuth('adminSession')
@ApiUnauthorizedResponse({ description: 'No valid admin session.', type: ApiErrorEnvelope })
@Controller('admin/deposit_addresses')
@UseGuards(SameOriginGuard, AdminSessionGuard)
export class AdminDepositAddressesController {
  constructor(private readonly owners: DepositAddressOwners) {}

  /** Finds the checkout session (of either mode) a deposit address belongs to, with the payout address and salt that sweep it. */
  @Get(':address')
  @ApiParam({ name: 'address', description: 'The deposit address: 0x followed by 40 hex digits, in any case.', example: '0x5B38Da6a701c568545dCfcB03FcB875f56beddC4' })
  @ApiOkResponse({ type: DepositAddressOwnerResponse })
  @ApiBadRequestResponse({ description: 'Not an address (`parameter_invalid`).', type: ApiErrorEnvelope })
  @ApiNotFoundResponse({ type: ApiErrorEnvelope })
  getDepositAddress(@Param('address') address: string): Promise<DepositAddressOwnerResponse> {
    return this.owners.find(address);
  }
}
