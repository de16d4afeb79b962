import { Injectable } from '@nestjs/common';
import { InjectTransactionHost } from '@nestjs-cls/transactional';
import { getAddress, isAddress } from 'viem';
import type { TxHost } from '../common/data/tx-host';
import { ApiError } from '../common/errors/api-error';
import { ApiErrors } from '../common/errors/api-errors';
import { depositSalt } from '../chains/deposit-factory';
import { DepositHoldings } from '../collecting/deposit-holdings';
import { CheckoutSession } from './checkout-session.entity';
import type { DepositAddressOwnerResponse } from './dto/deposit-address-owner-response.dto';

/**
 * Which session a deposit address belongs to, in either mode: for the operator recovering a payment
 * made on a network the service does not watch (admin API only; the public API stays mode-scoped).
 */
@Injectable()
export class DepositAddressOwners {
  constructor(
    @InjectTransactionHost() private readonly txHost: TxHost,
    private readonly holdings: DepositHoldings,
  ) {}

  async find(address: string): Promise<DepositAddressOwnerResponse> {
    if (!isAddress(address, { strict: false })) throw ApiErrors.parameterInvalid('address', 'address must be 0x followed by 40 hex digits.');
    const checksummed = getAddress(address);
    // Stored checksummed (as the factory address computation gives it); one indexed row, no payments joined.
    const session = await this.txHost.tx
      .getRepository(CheckoutSession)
      .createQueryBuilder('session')
      .select(['session.id', 'session.livemode', 'session.payoutAddress', 'session.networks', 'session.createdAt'])
      .where('session.depositAddress = :address', { address: checksummed })
      .getOne();
    if (!session?.payoutAddress) {
      throw new ApiError(404, 'invalid_request', 'resource_missing', `No checkout session has the deposit address '${checksummed}'.`, { param: 'address' });
    }
    return {
      object: 'deposit_address',
      address: checksummed,
      checkoutSession: session.id,
      livemode: session.livemode,
      payoutAddress: session.payoutAddress,
      salt: depositSalt(session.id),
      networks: session.networks,
      createdAt: session.createdAt,
      ...(await this.holdings.of(session.id, checksummed)),
    };
  }
}
