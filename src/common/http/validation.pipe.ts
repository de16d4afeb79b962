import { ArgumentMetadata, ValidationPipe } from '@nestjs/common';
import { ApiErrors } from '../errors/api-errors';
import { validationErrorsToApiError } from '../errors/validation-errors';
import { findForbiddenText, findTextFailure } from '../validation/text-check';
import type { TextFailure } from '../validation/text-check';

function refuse(failure: TextFailure | undefined): void {
  if (failure) throw ApiErrors.parameterInvalid(failure.param, failure.message);
}

/**
 * Adds the text rule (README "Input rules") to the DTO's own rules, for every
 * body, query and dashboard form: first what no field may hold, before any
 * validator sees it; then, on the validated DTO, tab and line breaks outside
 * the fields marked as free text.
 */
class ApiValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const checked = this.toValidate(metadata);
    if (checked && typeof value === 'object' && value !== null) refuse(findForbiddenText(value));
    const result: unknown = await super.transform(value, metadata);
    if (checked && typeof result === 'object' && result !== null) refuse(findTextFailure(result));
    return result;
  }
}

/** The global pipe: strips nothing silently — an undeclared field is a 400. */
export function createValidationPipe(): ValidationPipe {
  return new ApiValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    stopAtFirstError: true,
    validationError: { target: false, value: true },
    exceptionFactory: validationErrorsToApiError,
  });
}
