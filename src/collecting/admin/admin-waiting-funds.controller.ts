import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { ApiBadRequestResponse, ApiCookieAuth, ApiOkResponse, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { formatUnits } from 'viem';
import { AdminSessionGuard } from '../../admin/admin-session.guard';
import { SameOriginGuard } from '../../admin/same-origin.guard';
import { ApiErrorEnvelope } from '../../common/errors/error-envelope.dto';
import { depositSalt } from '../../chains/deposit-factory';
import { NetworkRegistry } from '../../chains/network-registry';
import { WaitingFunds } from '../waiting-funds';
import { WaitingAddressListResponse } from './dto/waiting-address-response.dto';
import { WaitingFundsQueryDto } from './dto/waiting-funds-query.dto';
import { enabledNetwork } from './enabled-network';

/**
 * What waits to be swept on a network, for the operator's own sweeps (`checkout-cli sweep`): the
 * same list the automatic sweeper works from, with the payout and salt that name each address.
 */
@ApiTags('Admin')
@ApiCookieAuth('adminSession')
@ApiUnauthorizedResponse({ description: 'No valid admin session.', type: ApiErrorEnvelope })
@Controller('admin/sweeps')
@UseGuards(SameOriginGuard, AdminSessionGuard)
export class AdminWaitingFundsController {
  constructor(
    private readonly waitingFunds: WaitingFunds,
    private readonly registry: NetworkRegistry,
  ) {}

  /** Deposit addresses on one network holding confirmed funds that no sweep has taken, oldest first. */
  @Get('waiting')
  @ApiOkResponse({ type: WaitingAddressListResponse })
  @ApiBadRequestResponse({ description: 'The network is not enabled here (`parameter_invalid`).', type: ApiErrorEnvelope })
  async listWaitingFunds(@Query() query: WaitingFundsQueryDto): Promise<WaitingAddressListResponse> {
    const network = enabledNetwork(this.registry, query.network);
    const waiting = await this.waitingFunds.on(network);
    return {
      object: 'list',
      network: network.name,
      data: waiting.map((entry) => ({
        object: 'waiting_address',
        depositAddress: entry.address,
        session: entry.sessionId,
        livemode: network.mode === 'live',
        payoutAddress: entry.payout,
        salt: depositSalt(entry.sessionId),
        assets: entry.assets.map((asset) => ({ currency: asset.currency, token: asset.token, amount: formatUnits(asset.amount, asset.decimals) })),
        since: entry.since,
      })),
    };
  }
}
