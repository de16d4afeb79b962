import { Body, Controller, ForbiddenException, Get, Param, Post, Query } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsEmail, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { PinoLogger } from 'nestjs-pino';
import { DataSource } from 'typeorm';
import { ApiErrors } from '../../src/common/errors/api-errors';
import { ParseIdPipe } from '../../src/common/ids/parse-id.pipe';
import { IsMetadata, Metadata } from '../../src/common/metadata/metadata';
import { IsAmount } from '../../src/common/money/amount';
import { ListQueryDto } from '../../src/common/pagination/list-query.dto';

class ProbeLineDto {
  @IsAmount(6)
  amount!: string;

  @IsOptional()
  @IsString()
  @MaxLength(20)
  label?: string;
}

class ProbeAddressDto {
  @IsString()
  city!: string;
}

export class ProbeBodyDto {
  @IsEmail()
  email!: string;

  @IsOptional()
  @ValidateNested()
  @Type(() => ProbeAddressDto)
  address?: ProbeAddressDto;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(5)
  @ValidateNested({ each: true })
  @Type(() => ProbeLineDto)
  lines?: ProbeLineDto[];

  @IsOptional()
  @IsMetadata()
  metadata?: Metadata;
}

export const LEAKY_MESSAGE = 'relation "secret_table" does not exist at SELECT * FROM secret_table WHERE key = ck_live_';

/** Routes that exist only in tests, to drive each error path of the real pipeline. */
@Controller('test-probe')
export class ProbeController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly logger: PinoLogger,
  ) {}

  @Post('echo')
  echo(@Body() body: ProbeBodyDto): ProbeBodyDto {
    return body;
  }

  @Get('list')
  list(@Query() query: ListQueryDto): ListQueryDto {
    return query;
  }

  @Get('customers/:id')
  customer(@Param('id', new ParseIdPipe('cus')) id: string): { id: string } {
    return { id };
  }

  @Get('crash')
  crash(): never {
    throw new Error(`${LEAKY_MESSAGE}${'A'.repeat(32)}`);
  }

  @Get('forbidden')
  forbidden(): never {
    throw new ForbiddenException('Probes may not pass.');
  }

  @Get('conflict')
  conflict(): never {
    throw ApiErrors.stateConflict('The probe is already complete.');
  }

  @Get('database')
  async database(): Promise<{ value: number }> {
    const [row] = (await this.dataSource.query('SELECT 1 AS value')) as { value: number }[];
    return row;
  }

  @Get('log')
  log(@Query('text') text: string): { logged: true } {
    this.logger.info({ note: text }, `probe says ${text}`);
    return { logged: true };
  }
}
