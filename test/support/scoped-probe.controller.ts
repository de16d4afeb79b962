import { Body, Controller, Get, Post } from '@nestjs/common';
import { IsEmail } from 'class-validator';
import { RequireScope } from '../../src/common/auth/require-scope.decorator';

class ProbeCustomerDto {
  @IsEmail()
  email!: string;
}

/** `/api/v1` routes that exist only in tests, to check scopes before the real resources land. */
@Controller('api/v1/test-probe')
export class ScopedProbeController {
  @Get('customers')
  @RequireScope('customers:read')
  listProbeCustomers(): { object: 'list'; data: unknown[]; hasMore: boolean } {
    return { object: 'list', data: [], hasMore: false };
  }

  @Post('customers')
  @RequireScope('customers:write')
  createProbeCustomer(@Body() body: ProbeCustomerDto): ProbeCustomerDto {
    return body;
  }

  @Get('events')
  @RequireScope('events:read')
  listProbeEvents(): { object: 'list'; data: unknown[]; hasMore: boolean } {
    return { object: 'list', data: [], hasMore: false };
  }
}

/** An `/api/v1` route that forgot its scope: the app must refuse to start with it. */
@Controller('api/v1/test-probe/forgotten')
export class UndeclaredScopeController {
  @Get()
  forgotten(): string {
    return 'open door';
  }
}
