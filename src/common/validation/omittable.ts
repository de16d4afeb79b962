import { applyDecorators } from '@nestjs/common';
import type { Type } from '@nestjs/common';
import { PartialType } from '@nestjs/swagger';
import { getMetadataStorage, IsDefined, ValidateIf } from 'class-validator';

/**
 * An optional field: it may be left out, but not sent as `null`. Use it
 * instead of class-validator's `@IsOptional()`, which lets `null` past every
 * other rule of the field and on into code that expects the declared type.
 * A `null` is a 400 `parameter_invalid` naming the field.
 */
export function Omittable(): PropertyDecorator {
  return applyDecorators(
    ValidateIf((_object: object, value: unknown) => value !== undefined),
    // IsDefined runs before a field's other rules, so `null` gets this message rather than theirs.
    IsDefined({ message: ({ property }) => `${property} may be omitted but not null` }),
  );
}

/** `PartialType` with every field `@Omittable()` rather than `@IsOptional()`: for update DTOs. */
export function OmittableType<T>(dto: Type<T>): Type<Partial<T>> {
  const partial = PartialType(dto, { skipNullProperties: false });
  const properties = new Set(getMetadataStorage().getTargetValidationMetadatas(dto, '', true, false).map((metadata) => metadata.propertyName));
  for (const property of properties) Omittable()(partial.prototype as object, property);
  return partial;
}
