import { ApiProperty } from '@nestjs/swagger';

/** One watched network, as `GET /healthz/chains` reports it: nothing secret (no RPC URL). */
export class ChainStatus {
  /** @example "base" */
  network!: string;

  /** @example 8453 */
  @ApiProperty({ type: 'integer' })
  chainId!: number;

  /** The latest block the watcher saw; null before its first poll. */
  @ApiProperty({ type: 'integer' })
  head!: number | null;

  /** The last block whose payments are recorded. */
  @ApiProperty({ type: 'integer' })
  processedBlock!: number | null;

  /** head − processedBlock. */
  @ApiProperty({ type: 'integer' })
  lag!: number | null;

  /**
   * The instance leading this network's watcher (`host:pid`), or null when none does.
   * @example "checkout-1:4242"
   */
  leader!: string | null;

  /** The head has not advanced for 3 block times (or no watcher has reported for that long). */
  stale!: boolean;

  /** When the watcher last wrote: with each new block, and every 5 s while the chain is idle. */
  updatedAt!: Date | null;
}

export class ChainStatusList {
  @ApiProperty({ enum: ['list'] })
  object!: 'list';

  data!: ChainStatus[];
}
