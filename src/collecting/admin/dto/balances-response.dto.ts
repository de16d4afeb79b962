import { ApiProperty } from '@nestjs/swagger';
import { NETWORK_NAMES, type NetworkName } from '../../../chains/networks';

/** A sweep as the Balances page links it. */
export class SweepLinkResponse {
  /** @example "sweep_01jdqvtsjxf2nbrexx3vqjhp41" */
  id!: string;

  /** @example "0x5c504ed432cb51138bcf09aa5e8a410dd4a1e204ef84bfed1be16dfba1b22060" */
  txHash!: string;

  /** The transaction on the network's block explorer; null where the catalogue has none (the local chain). */
  txUrl!: string | null;

  minedAt!: Date;
}

/** What one network has received in one currency, and where it is now. */
export class BalanceResponse {
  @ApiProperty({ enum: ['balance'] })
  object!: 'balance';

  @ApiProperty({ enum: NETWORK_NAMES })
  network!: NetworkName;

  livemode!: boolean;

  /** @example "USDC" */
  currency!: string;

  /**
   * Confirmed payments to deposit addresses, in the currency's units.
   * @example "1250.5"
   */
  received!: string;

  /**
   * What sweeps moved on to payout addresses.
   * @example "1200"
   */
  swept!: string;

  /**
   * Confirmed and not swept yet: at the deposit addresses.
   * @example "50.5"
   */
  waiting!: string;

  /** The network's latest mined sweep in this mode, or null. */
  lastSweep!: SweepLinkResponse | null;
}

export class GasKeyBalanceResponse {
  @ApiProperty({ enum: NETWORK_NAMES })
  network!: NetworkName;

  /** @example "ETH" */
  symbol!: string;

  /**
   * The gas key's balance of the coin gas is paid in; null when the network's RPC did not answer.
   * @example "0.0421"
   */
  balance!: string | null;
}

/** The key that pays automatic sweeps: its address only, never the key. */
export class GasKeyResponse {
  /** @example "0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65" */
  address!: string;

  networks!: GasKeyBalanceResponse[];
}

export class BalancesResponse {
  @ApiProperty({ enum: ['list'] })
  object!: 'list';

  /** Per enabled network and currency (and any other that still has records), live first. */
  data!: BalanceResponse[];

  /** Null when SWEEP_GAS_KEY is unset: nothing is swept automatically. */
  gasKey!: GasKeyResponse | null;
}
