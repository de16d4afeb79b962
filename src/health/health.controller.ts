import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ApiErrors } from '../common/errors/api-errors';
import { ApiErrorEnvelope } from '../common/errors/error-envelope.dto';
import { HealthStatus } from './health-status.dto';

/** Probes for load balancers and orchestrators; outside `/api/v1`, no key. */
@ApiTags('Health')
@Controller()
export class HealthController {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The process is up. */
  @Get('healthz')
  @ApiOkResponse({ type: HealthStatus })
  getHealth(): HealthStatus {
    return { status: 'ok' };
  }

  /** The process can serve: its database answers. */
  @Get('readyz')
  @ApiOkResponse({ type: HealthStatus })
  @ApiServiceUnavailableResponse({ description: 'The database cannot be reached.', type: ApiErrorEnvelope })
  async getReadiness(): Promise<HealthStatus> {
    try {
      await this.dataSource.query('SELECT 1');
    } catch {
      throw ApiErrors.serviceUnavailable();
    }
    return { status: 'ready' };
  }
}
