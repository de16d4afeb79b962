import { ApiProperty } from '@nestjs/swagger';
import { IsInt, Max, Min } from 'class-validator';
import { MAX_ROLL_OVERLAP_HOURS } from '../../api-keys/dto/roll-api-key.dto';

export class RollWebhookSecretDto {
  /**
   * How long the old secret keeps signing deliveries beside the new one, in hours: 0 (it stops now)
   * to 168 (7 days). Meanwhile every delivery carries both signatures, so receivers can switch at leisure.
   */
  @ApiProperty({ type: 'integer' })
  @IsInt()
  @Min(0)
  @Max(MAX_ROLL_OVERLAP_HOURS)
  expiresInHours!: number;
}
