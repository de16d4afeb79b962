import { Injectable } from '@nestjs/common';
import { InjectTransactionHost, Transactional } from '@nestjs-cls/transactional';
import type { Mode } from '../common/auth/scopes';
import { ModeScopedRepository } from '../common/data/mode-scoped.repository';
import { newId } from '../common/ids/type-id';
import { mergeMetadata } from '../common/metadata/merge-metadata';
import { ListQueryDto } from '../common/pagination/list-query.dto';
import { ListPage } from '../common/pagination/paginate';
import type { TxHost } from '../common/data/tx-host';
import { EventWriter } from '../events/event-writer';
import { Customer } from './customer.entity';
import { presentCustomer } from './customer.presenter';
import { CreateCustomerDto } from './dto/create-customer.dto';
import { UpdateCustomerDto } from './dto/update-customer.dto';

@Injectable()
export class CustomersService {
  private readonly customers: ModeScopedRepository<Customer>;

  constructor(
    @InjectTransactionHost() txHost: TxHost,
    private readonly events: EventWriter,
  ) {
    this.customers = new ModeScopedRepository(txHost, Customer, 'cus');
  }

  @Transactional()
  async create(mode: Mode, input: CreateCustomerDto): Promise<Customer> {
    const customer = await this.customers.save(
      this.customers.create(mode, { id: newId('cus'), email: input.email ?? null, name: input.name ?? null, metadata: input.metadata ?? {} }),
    );
    await this.events.record(mode, 'customer.created', presentCustomer(customer));
    return customer;
  }

  @Transactional()
  async update(mode: Mode, id: string, input: UpdateCustomerDto): Promise<Customer> {
    const customer = await this.customers.get(mode, id, { lock: true });
    const previous = presentCustomer(customer);
    if (input.email !== undefined) customer.email = input.email;
    if (input.name !== undefined) customer.name = input.name;
    customer.metadata = mergeMetadata(customer.metadata, input.metadata);
    await this.customers.save(customer);
    await this.events.record(mode, 'customer.updated', presentCustomer(customer), { previous });
    return customer;
  }

  list(mode: Mode, query: ListQueryDto): Promise<ListPage<Customer>> {
    return this.customers.list(mode, query);
  }

  /** `param` names the field that referenced the customer, for the 404 (e.g. `customer` on a session). */
  get(mode: Mode, id: string, param = 'id'): Promise<Customer> {
    return this.customers.get(mode, id, { param });
  }
}
