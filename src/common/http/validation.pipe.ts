import { ArgumentMetadata, ValidationPipe } from '@nestjs/common';
import { ApiErrors } from '../errors/api-errors';
import { validationErrorsToApiError } from '../errors/validation-errors';
import { findTextFailure } from '../validation/text-check';

/**
 * Validates with the DTO's rules, then applies the text rule (no control
 * characters, well-formed Unicode) to every string of the result: one check
 * for every body, query and dashboard form, whatever the DTO declares.
 */
class ApiValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const result: unknown = await super.transform(value, metadata);
    if (this.toValidate(metadata) && typeof result === 'object' && result !== null) {
      const failure = findTextFailure(result);
      if (failure) throw ApiErrors.parameterInvalid(failure.param, failure.message);
    }
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
