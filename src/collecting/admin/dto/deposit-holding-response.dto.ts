import { ApiProperty } from '@nestjs/swagger';
import { NETWORK_NAMES, type NetworkName } from '../../../chains/networks';

/** What one deposit address has received on one network in one currency, and where it is now. */
export class DepositHoldingResponse {
  @ApiProperty({ enum: NETWORK_NAMES })
  network!: NetworkName;

  /** @example "USDC" */
  currency!: string;

  /**
   * Confirmed payments, in the currency's units.
   * @example "25"
   */
  received!: string;

  /**
   * Seen, not settled yet.
   * @example "0"
   */
  pending!: string;

  /**
   * What sweeps moved on to the payout address.
   * @example "20"
   */
  swept!: string;

  /**
   * Confirmed and not swept yet.
   * @example "5"
   */
  waiting!: string;
}
