import type { Customer } from './customer.entity';
import type { CustomerResponse } from './dto/customer-response.dto';

export function presentCustomer(customer: Customer): CustomerResponse {
  return {
    id: customer.id,
    object: 'customer',
    livemode: customer.livemode,
    email: customer.email,
    name: customer.name,
    metadata: customer.metadata,
    createdAt: customer.createdAt,
  };
}
