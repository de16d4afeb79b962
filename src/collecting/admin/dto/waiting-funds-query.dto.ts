import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { NETWORK_NAMES, type NetworkName } from '../../../chains/networks';

export class WaitingFundsQueryDto {
  /** The network whose deposit addresses to list: one enabled on this service. */
  @IsIn(NETWORK_NAMES)
  @ApiProperty({ enum: NETWORK_NAMES })
  network!: NetworkName;
}
