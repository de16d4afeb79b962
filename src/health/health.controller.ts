import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ApiErrors } from '../common/errors/api-errors';
import { ApiErrorEnvelope } from '../common/errors/error-envelope.dto';
import { Draining } from '../lifecycle/draining';
import { HealthStatus } from './health-status.dto';

/** Probes for load balancers and orchestrators; outside `/api/v1`, no key. */
@ApiTags('Health')
@Controller()
export class HealthController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly draining: Draining,
  ) {}

  /** The process is up. */
  @Get('healthz')
  @ApiOkResponse({ type: HealthStatus })
  getHealth(): HealthStatus {
    return { status: 'ok' };
  }

  /** The process can serve: it is not shutting down and its database answers. */
  @Get('readyz')
  @ApiOkResponse({ type: HealthStatus })
  @ApiServiceUnavailableResponse({ description: 'The process is shutting down, or the database cannot be reached.', type: ApiErrorEnvelope })
  async getReadiness(): Promise<HealthStatus> {
    if (this.draining.active) throw ApiErrors.serviceUnavailable();
    try {
      await this.dataSource.query('SELECT 1');
    } catch {
      throw ApiErrors.serviceUnavailable();
    }
    return { status: 'ready' };
  }
}
