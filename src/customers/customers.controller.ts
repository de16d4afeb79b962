import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AuthenticatedKey } from '../common/auth/authenticated-key';
import { CurrentApiKey } from '../common/auth/current-api-key.decorator';
import { RequireScope } from '../common/auth/require-scope.decorator';
import { ApiErrorEnvelope } from '../common/errors/error-envelope.dto';
import { ListQueryDto } from '../common/pagination/list-query.dto';
import { presentCustomer } from './customer.presenter';
import { CustomersService } from './customers.service';
import { CreateCustomerDto } from './dto/create-customer.dto';
import { CustomerListResponse, CustomerResponse } from './dto/customer-response.dto';
import { UpdateCustomerDto } from './dto/update-customer.dto';

@ApiTags('Customers')
@Controller('api/v1/customers')
export class CustomersController {
  constructor(private readonly customers: CustomersService) {}

  /** Creates a customer; every field is optional. */
  @Post()
  @RequireScope('customers:write')
  @ApiCreatedResponse({ type: CustomerResponse })
  async createCustomer(@CurrentApiKey() key: AuthenticatedKey, @Body() body: CreateCustomerDto): Promise<CustomerResponse> {
    return presentCustomer(await this.customers.create(key.mode, body));
  }

  /** Customers of the key's mode, newest first. */
  @Get()
  @RequireScope('customers:read')
  @ApiOkResponse({ type: CustomerListResponse })
  async listCustomers(@CurrentApiKey() key: AuthenticatedKey, @Query() query: ListQueryDto): Promise<CustomerListResponse> {
    const page = await this.customers.list(key.mode, query);
    return { ...page, data: page.data.map(presentCustomer) };
  }

  /** Retrieves a customer of the key's mode. */
  @Get(':id')
  @RequireScope('customers:read')
  @ApiOkResponse({ type: CustomerResponse })
  @ApiNotFoundResponse({ type: ApiErrorEnvelope })
  async getCustomer(@CurrentApiKey() key: AuthenticatedKey, @Param('id') id: string): Promise<CustomerResponse> {
    return presentCustomer(await this.customers.get(key.mode, id));
  }

  /** Updates the fields given; `metadata` keys are merged, and a key set to `""` is removed. */
  @Patch(':id')
  @RequireScope('customers:write')
  @ApiOkResponse({ type: CustomerResponse })
  @ApiNotFoundResponse({ type: ApiErrorEnvelope })
  async updateCustomer(
    @CurrentApiKey() key: AuthenticatedKey,
    @Param('id') id: string,
    @Body() body: UpdateCustomerDto,
  ): Promise<CustomerResponse> {
    return presentCustomer(await this.customers.update(key.mode, id, body));
  }
}
