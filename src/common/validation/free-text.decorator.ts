import { getMetadataStorage, ValidateBy } from 'class-validator';

const FREE_TEXT = 'freeText';

/**
 * Marks a property as free text: its strings (and, for an object such as
 * `metadata`, its values but never its keys) may hold tab and line breaks.
 * Every other string of a request may not (see `textProblem`). The mark is a
 * validation that always passes, kept in class-validator's storage so that
 * subclasses and `PartialType` carry it like any other rule.
 */
export function FreeText(): PropertyDecorator {
  return ValidateBy({ name: FREE_TEXT, validator: { validate: () => true } });
}

// Decorators run once, when a class is defined, so a class's marks never change.
const marksByClass = new WeakMap<Function, Set<string>>();

/** The free-text properties of a DTO class, its parents' and mapped types' included. */
export function freeTextProperties(dto: Function): Set<string> {
  let marks = marksByClass.get(dto);
  if (!marks) {
    marks = new Set(
      getMetadataStorage()
        .getTargetValidationMetadatas(dto, '', true, false)
        .filter((metadata) => metadata.name === FREE_TEXT)
        .map((metadata) => metadata.propertyName),
    );
    marksByClass.set(dto, marks);
  }
  return marks;
}
