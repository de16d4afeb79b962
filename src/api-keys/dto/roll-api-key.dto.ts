import { ApiProperty } from '@nestjs/swagger';
import { IsInt, Max, Min } from 'class-validator';

export const MAX_ROLL_OVERLAP_HOURS = 168;

export class RollApiKeyDto {
  /** How long the old key keeps working, in hours: 0 (it stops now) to 168 (7 days). */
  @IsInt()
  @Min(0)
  @Max(MAX_ROLL_OVERLAP_HOURS)
  @ApiProperty({ type: 'integer' })
  expiresInHours!: number;
}
