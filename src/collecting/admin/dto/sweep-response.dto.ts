import { ApiProperty } from '@nestjs/swagger';
import { NETWORK_NAMES, type NetworkName } from '../../../chains/networks';
import { SWEEP_STATUSES, type SweepStatus } from '../../sweep.entity';

/** What one sweep moved out of one deposit address in one currency. */
export class SweepItemResponse {
  /** @example "0x9C2e3bD26Ac4a6E6F1e3d0d0bB5B7d8a2F2F5a11" */
  depositAddress!: string;

  /** @example "cs_01jdqvtsjxf2nbrexx3vqjhp41" */
  session!: string;

  /** @example "USDC" */
  currency!: string;

  /** @example "10" */
  amount!: string;
}

export class SweepResponse {
  /** @example "sweep_01jdqvtsjxf2nbrexx3vqjhp41" */
  id!: string;

  @ApiProperty({ enum: ['sweep'] })
  object!: 'sweep';

  @ApiProperty({ enum: NETWORK_NAMES })
  network!: NetworkName;

  livemode!: boolean;

  /** `service`: sent by the automatic sweeper; `other`: anyone else (the operator's CLI, a third party), recognised on chain. */
  @ApiProperty({ enum: ['service', 'other'] })
  initiator!: 'service' | 'other';

  @ApiProperty({ enum: SWEEP_STATUSES })
  status!: SweepStatus;

  /** @example "0x5c504ed432cb51138bcf09aa5e8a410dd4a1e204ef84bfed1be16dfba1b22060" */
  txHash!: string;

  /** The transaction on the network's block explorer; null where the catalogue has none. */
  txUrl!: string | null;

  /** Earlier transactions of this sweep, replaced with a higher fee. */
  replacedTxHashes!: string[];

  /** Who sent it (for ours, the gas key's address). */
  sender!: string;

  @ApiProperty({ type: 'integer', nullable: true })
  blockNumber!: number | null;

  @ApiProperty({ type: 'integer', nullable: true })
  gasUsed!: number | null;

  /**
   * What its gas cost, in the gas coin's units.
   * @example "0.000162"
   */
  fee!: string | null;

  items!: SweepItemResponse[];

  submittedAt!: Date | null;

  minedAt!: Date | null;
}

export class SweepListResponse {
  @ApiProperty({ enum: ['list'] })
  object!: 'list';

  data!: SweepResponse[];

  hasMore!: boolean;
}

export class SweepRequestResponse {
  @ApiProperty({ enum: ['sweep_request'] })
  object!: 'sweep_request';

  @ApiProperty({ enum: NETWORK_NAMES })
  network!: NetworkName;

  requestedAt!: Date;
}
