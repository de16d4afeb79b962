import { ApiProperty } from '@nestjs/swagger';
import { DepositHoldingResponse } from '../../collecting/admin/dto/deposit-holding-response.dto';
import { SweepResponse } from '../../collecting/admin/dto/sweep-response.dto';

/**
 * Who owns a deposit address: the checkout session it was made for and what names it to the
 * factory (payout address and salt). With these, anyone can sweep it, on any EVM chain, and the
 * funds can only go to `payoutAddress`.
 */
export class DepositAddressOwnerResponse {
  @ApiProperty({ enum: ['deposit_address'] })
  object!: 'deposit_address';

  /**
   * The deposit address, EIP-55 checksummed.
   * @example "0x5B38Da6a701c568545dCfcB03FcB875f56beddC4"
   */
  address!: string;

  /**
   * The checkout session it was made for (`cs_…`).
   * @example "cs_01jdqvtsjxf2nbrexx3vqjhp41"
   */
  checkoutSession!: string;

  livemode!: boolean;

  /**
   * Where a sweep sends everything the address holds: bound into the address when the session was created.
   * @example "0xAb8483F64d9C6d1EcF9b849Ae677dD3315835cb2"
   */
  payoutAddress!: string;

  /**
   * The salt that, with `payoutAddress`, names the address to the deposit factory (`sweep(payout, salt, tokens)`).
   * @example "0x8c5be1e5ebec7d5bd14f71427d1e84f3dd0314c0f7b2291e5b200ac8c7c3b925"
   */
  salt!: string;

  /**
   * The networks the session could be paid on (the service watches these).
   * @example ["base", "arbitrum"]
   */
  networks!: string[];

  /** When the session, and with it the address, was created. */
  createdAt!: Date;

  /** Per network and currency: received, pending, swept and waiting. */
  holdings!: DepositHoldingResponse[];

  /** The sweeps that emptied it, newest first, each with what it took from this address. */
  sweeps!: SweepResponse[];
}
