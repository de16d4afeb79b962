import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { NETWORK_NAMES, type NetworkName } from '../../../chains/networks';

export class RequestSweepDto {
  /** The network to sweep now: everything confirmed and waiting there, worth its gas or not. */
  @IsIn(NETWORK_NAMES)
  @ApiProperty({ enum: NETWORK_NAMES })
  network!: NetworkName;
}
