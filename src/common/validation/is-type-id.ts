import { ValidateBy } from 'class-validator';
import { IdPrefix, isId } from '../ids/type-id';

/** A TypeID of `prefix` (`cus_…`): for filters, where a malformed id is a mistake, not "no match". */
export function IsTypeId(prefix: IdPrefix): PropertyDecorator {
  return ValidateBy({
    name: 'isTypeId',
    validator: {
      validate: (value: unknown) => isId(prefix, value),
      defaultMessage: (args) => `${args?.property} must be an id of the form ${prefix}_…`,
    },
  });
}
