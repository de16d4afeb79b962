import { registerDecorator, ValidationOptions } from 'class-validator';
import { FreeText } from '../validation/free-text.decorator';

export const METADATA_LIMITS = { keys: 50, keyLength: 40, valueLength: 500 } as const;

export type Metadata = Record<string, string>;

/** Why `value` is not valid metadata (DESIGN.md §3), or undefined when it is. */
export function metadataProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return 'must be an object of string keys and string values';
  }
  const entries = Object.entries(value);
  if (entries.length > METADATA_LIMITS.keys) return `can have at most ${METADATA_LIMITS.keys} keys`;
  for (const [key, item] of entries) {
    if (key.length === 0 || key.length > METADATA_LIMITS.keyLength) {
      return `keys must be 1 to ${METADATA_LIMITS.keyLength} characters long (got one of ${key.length})`;
    }
    if (typeof item !== 'string') return `values must be strings (the value of '${key}' is not)`;
    if (item.length > METADATA_LIMITS.valueLength) {
      return `values must be at most ${METADATA_LIMITS.valueLength} characters long (the value of '${key}' is ${item.length})`;
    }
  }
  return undefined;
}

/** Valid metadata (DESIGN.md §3); its values are free text, its keys are not. */
export function IsMetadata(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) => {
    FreeText()(target, propertyName);
    registerDecorator({
      name: 'isMetadata',
      target: target.constructor,
      propertyName: String(propertyName),
      options,
      validator: {
        validate: (value: unknown) => metadataProblem(value) === undefined,
        defaultMessage: (args) => `${args?.property} ${metadataProblem(args?.value)}`,
      },
    });
  };
}
