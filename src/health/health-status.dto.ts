import { ApiProperty } from '@nestjs/swagger';

export class HealthStatus {
  /** `ok` while the process runs; `ready` when it can also reach its database. */
  @ApiProperty({ enum: ['ok', 'ready'] })
  status!: 'ok' | 'ready';
}
