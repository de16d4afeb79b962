import { CreateCustomerDto } from './create-customer.dto';

/**
 * Every field optional, as on create. `metadata` is merged into the existing
 * keys; a key set to `""` is removed.
 */
export class UpdateCustomerDto extends CreateCustomerDto {}
