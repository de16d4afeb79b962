import { ApiProperty } from '@nestjs/swagger';
import { NETWORK_NAMES, type NetworkName } from '../../../chains/networks';

/** One currency waiting at a deposit address. */
export class WaitingAssetResponse {
  /** @example "USDC" */
  currency!: string;

  /**
   * The token contract, or null for the network's native coin.
   * @example "0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913"
   */
  @ApiProperty({ type: 'string', nullable: true })
  token!: string | null;

  /**
   * Confirmed and not swept, in the currency's units.
   * @example "25"
   */
  amount!: string;
}

/**
 * A deposit address with confirmed funds no sweep has taken, and what a sweep needs to empty it:
 * `sweepMany([{ payout: payoutAddress, salt, tokens }])` on the deposit factory.
 */
export class WaitingAddressResponse {
  @ApiProperty({ enum: ['waiting_address'] })
  object!: 'waiting_address';

  /** @example "0x5B38Da6a701c568545dCfcB03FcB875f56beddC4" */
  depositAddress!: string;

  /**
   * The checkout session the address was made for.
   * @example "cs_01jdqvtsjxf2nbrexx3vqjhp41"
   */
  session!: string;

  livemode!: boolean;

  /**
   * Bound into the address when the session was created: the only place a sweep can send its funds.
   * @example "0xAb8483F64d9C6d1EcF9b849Ae677dD3315835cb2"
   */
  payoutAddress!: string;

  /**
   * With `payoutAddress`, names the address to the deposit factory.
   * @example "0x8c5be1e5ebec7d5bd14f71427d1e84f3dd0314c0f7b2291e5b200ac8c7c3b925"
   */
  salt!: string;

  assets!: WaitingAssetResponse[];

  /** When its oldest unswept payment was confirmed. */
  since!: Date;
}

export class WaitingAddressListResponse {
  @ApiProperty({ enum: ['list'] })
  object!: 'list';

  @ApiProperty({ enum: NETWORK_NAMES })
  network!: NetworkName;

  /** Oldest first. An address with a payment still unconfirmed, or in a sweep of the service's on its way, is left out. */
  data!: WaitingAddressResponse[];
}
